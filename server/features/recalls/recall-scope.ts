import type { Knex } from 'knex';
import { partiesAndLocations, quantitiesByNode } from '../trace/trace-graph';
import { allEnterprises, custodyOf, eventsOfNodes, identifiersByIds, quantitiesOf, type IdentifierRow } from '../trace/trace-queries';
import type { TraceLocation } from '../trace/trace-schemas';

type Quantity = { quantity: number; uom: string | null };

/** What a regulator sees of a recall's scope. */
export interface ScopeReport {
  readonly lots: string[];
  readonly products: string[];
  readonly quantities: Quantity[];
  readonly enterprises: Array<{ id: string; name: string | null }>;
  readonly locations: TraceLocation[];
  readonly events: string[];
}

/** What the public sees: no partner names, no business documents, places only to city level. */
export interface PublicScope {
  readonly lots: string[];
  readonly products: string[];
  readonly quantities: Quantity[];
  readonly cities: string[];
}

// Containers (SSCC) hold lots that are counted already, so only lots and items add to the totals.
function totals(rows: Map<string, Quantity[]>, identifiers: readonly IdentifierRow[]): Quantity[] {
  const containers = new Set(identifiers.filter((r) => r.kind === 'sscc').map((r) => r.id));
  const sums = new Map<string | null, number>();
  for (const [node, quantities] of rows) {
    if (containers.has(node)) continue;
    for (const q of quantities) sums.set(q.uom, (sums.get(q.uom) ?? 0) + q.quantity);
  }
  return [...sums].map(([uom, quantity]) => ({ quantity, uom })).sort((a, b) => String(a.uom).localeCompare(String(b.uom)));
}

function distinct(values: ReadonlyArray<string | null | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && v.length > 0))].sort();
}

/** The full scope report of the given scope ids. */
export async function scopeReport(db: Knex, lots: string[]): Promise<ScopeReport> {
  const identifiers = await identifiersByIds(db, lots);
  const quantities = totals(quantitiesByNode(await quantitiesOf(db, lots)), identifiers);
  const enterprises = await allEnterprises(db);
  const { parties, locations } = partiesAndLocations(await custodyOf(db, lots), enterprises);
  const involved = distinct([
    ...identifiers.flatMap((r) => [r.owner, r.custodian]),
    ...parties.map((p) => p.enterpriseId),
    ...locations.map((l) => l.enterpriseId),
  ]);
  const names = new Map(enterprises.map((e) => [e.id, e.name]));
  const events = (await eventsOfNodes(db, lots)).map((e) => e.event_id);
  return {
    lots,
    products: distinct(identifiers.map((r) => r.product)),
    quantities,
    enterprises: involved.map((id) => ({ id, name: names.get(id) ?? null })),
    locations,
    events,
  };
}

/** The public projection of a scope report. */
export function publicScope(report: ScopeReport): PublicScope {
  return {
    lots: report.lots,
    products: report.products,
    quantities: report.quantities,
    cities: distinct(report.locations.map((l) => l.city)),
  };
}
