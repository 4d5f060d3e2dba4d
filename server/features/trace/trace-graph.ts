import { parseIdentifier, productOf, type ParsedIdentifier } from '../../../chaincode/src/core/identifiers';
import type { CustodyRow, EdgeRow, EnterpriseRow, IdentifierRow, QuantityRow } from './trace-queries';
import type { EdgeType, TraceEdge, TraceLocation, TraceNode, TraceParty } from './trace-schemas';

const RECEIVING_STEPS = new Set(['receiving', 'arriving', 'accepting', 'unloading']);

function parsedOrUndefined(id: string): ParsedIdentifier | undefined {
  try {
    return parseIdentifier(id);
  } catch {
    return undefined;
  }
}

type Quantity = TraceNode['quantity'][number];

/** Quantities per node: what was created when known, else the largest recorded; serialised items counted as EA. */
export function quantitiesByNode(rows: readonly QuantityRow[]): Map<string, Quantity[]> {
  const out = new Map<string, Quantity[]>();
  const add = (node: string, q: Quantity): void => void out.set(node, [...(out.get(node) ?? []), q]);
  for (const r of rows) {
    const amount = r.created ?? r.largest;
    if (amount !== null && r.uom !== null) add(r.node_id, { quantity: Number(amount), uom: r.uom });
    else if (amount !== null) add(r.node_id, { quantity: Number(amount), uom: null });
    if (Number(r.items ?? 0) > 0) add(r.node_id, { quantity: Number(r.items), uom: 'EA' });
  }
  return out;
}

/** One graph node from its identifier row (or, for a lot known only through its items, from the id itself). */
export function toNode(id: string, depth: number, row: IdentifierRow | undefined, quantity: Quantity[]): TraceNode {
  return row ? nodeFromRow(id, depth, row, quantity) : nodeFromId(id, depth, quantity);
}

function nodeFromRow(id: string, depth: number, row: IdentifierRow, quantity: Quantity[]): TraceNode {
  return {
    id,
    kind: row.kind ?? 'opaque',
    product: row.product ?? null,
    lot: row.lot_id ?? null,
    quantity,
    owner: row.owner ?? null,
    custodian: row.custodian ?? null,
    lastDisposition: row.last_disposition ?? null,
    recalled: row.recalled ?? false,
    depth,
  };
}

function nodeFromId(id: string, depth: number, quantity: Quantity[]): TraceNode {
  const parsed = parsedOrUndefined(id);
  const product = parsed ? (productOf(parsed) ?? null) : null;
  return {
    id,
    kind: parsed?.kind ?? 'opaque',
    product,
    lot: null,
    quantity,
    owner: null,
    custodian: null,
    lastDisposition: null,
    recalled: false,
    depth,
  };
}

export function lineageEdges(rows: readonly EdgeRow[]): TraceEdge[] {
  return rows.map((r) => ({ from: r.from_id, to: r.to_id, type: r.type as EdgeType, eventIDs: r.event_ids }));
}

function custodyEdgeType(row: CustodyRow): EdgeType | undefined {
  const receiving = row.biz_step !== null && RECEIVING_STEPS.has(row.biz_step);
  if (row.direction === 'destination' && !receiving) return 'shipped_to';
  if (row.direction === 'source' && receiving) return 'received_from';
  return undefined;
}

/** `shipped_to` (node → destination) and `received_from` (node → source) edges, one per node, party and type. */
export function custodyEdges(rows: readonly CustodyRow[]): TraceEdge[] {
  const edges = new Map<string, TraceEdge>();
  for (const row of rows) {
    const type = custodyEdgeType(row);
    if (!type) continue;
    const key = `${row.node_id}\u0000${row.party}\u0000${type}`;
    const prev = edges.get(key);
    if (prev && !prev.eventIDs.includes(row.event_id)) prev.eventIDs.push(row.event_id);
    if (!prev) edges.set(key, { from: row.node_id, to: row.party, type, eventIDs: [row.event_id] });
  }
  return [...edges.values()];
}

function glnDigits(id: string): string | undefined {
  return parsedOrUndefined(id)?.gln;
}

/** The enterprise a party or location belongs to: a registered location first, then the longest company prefix. */
export function enterpriseOf(
  id: string,
  enterprises: readonly EnterpriseRow[],
): { enterprise: EnterpriseRow; location?: EnterpriseRow['locations'][number] } | undefined {
  for (const enterprise of enterprises) {
    const location = enterprise.locations.find((l) => l.id === id);
    if (location) return { enterprise, location };
  }
  const digits = glnDigits(id);
  if (!digits) return undefined;
  const matches = enterprises.flatMap((e) => e.company_prefixes.filter((p) => digits.startsWith(p)).map((p) => [p.length, e] as const));
  const best = matches.sort((a, b) => b[0] - a[0])[0];
  return best ? { enterprise: best[1] } : undefined;
}

type Resolved = ReturnType<typeof enterpriseOf>;

function addLocation(locations: Map<string, TraceLocation>, id: string, found: Resolved): void {
  if (locations.has(id)) return;
  locations.set(id, {
    id,
    name: found?.location?.name ?? null,
    city: found?.location?.city ?? null,
    enterpriseId: found?.enterprise.id ?? null,
  });
}

function addParty(parties: Map<string, TraceParty>, row: CustodyRow, found: Resolved): void {
  const prev = parties.get(row.party);
  if (prev && !prev.types.includes(row.type)) prev.types.push(row.type);
  if (!prev)
    parties.set(row.party, {
      id: row.party,
      types: [row.type],
      enterpriseId: found?.enterprise.id ?? null,
      name: found?.enterprise.name ?? null,
    });
}

/** Distinct parties (owning / possessing) and locations named by the custody facts, resolved to enterprises. */
export function partiesAndLocations(
  rows: readonly CustodyRow[],
  enterprises: readonly EnterpriseRow[],
): { parties: TraceParty[]; locations: TraceLocation[] } {
  const parties = new Map<string, TraceParty>();
  const locations = new Map<string, TraceLocation>();
  for (const row of rows) {
    const found = enterpriseOf(row.party, enterprises);
    if (row.type === 'location') addLocation(locations, row.party, found);
    else addParty(parties, row, found);
  }
  return { parties: [...parties.values()], locations: [...locations.values()] };
}
