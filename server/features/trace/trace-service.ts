import type { Knex } from 'knex';
import { canonicalIdentifier } from '../../../chaincode/src/core/identifiers';
import type { Deps } from '../../deps';
import { indexStatus } from '../../index/index-status';
import { viewerOf, visibleEvent } from '../epcis/event-visibility';
import { correctionsOf, partyEvents, visibleChain, type CorrectionRow } from './trace-visibility';
import { ForbiddenError, InputError, NotFoundError } from '../../http/errors';
import type { Principal } from '../auth/principal';
import { custodyEdges, lineageEdges, partiesAndLocations, quantitiesByNode, toNode } from './trace-graph';
import { traceRows, type TraceRow } from './trace-csv';
import {
  allEnterprises,
  custodyOf,
  edgesAmong,
  enterpriseTouched,
  epcsOfEvents,
  eventsOfNodes,
  hasEdgeBeyond,
  identifiersByIds,
  nodeSeen,
  quantitiesOf,
  walkLineage,
  type WalkDirection,
} from './trace-queries';
import type { TraceGraph, TraceQuery } from './trace-schemas';

export type TraceDeps = Pick<Deps, 'knex' | 'ledger' | 'indexer'>;

/** The canonical form of a request identifier, or a 400 naming the field. */
export function canonicalOr400(raw: string, path: string): string {
  try {
    return canonicalIdentifier(raw);
  } catch (err) {
    throw new InputError(`Invalid ${path}`, [{ path, message: (err as Error).message }]);
  }
}

/** The lineage node a trace of `id` starts from: the item's lot when known, else the id; 404 when never indexed. */
export async function startNode(db: Knex, id: string): Promise<string> {
  const [row] = await identifiersByIds(db, [id]);
  if (row) return row.lot_id ?? row.id;
  if (await nodeSeen(db, id)) return id;
  throw new NotFoundError(`identifier ${id} is not in the index`);
}

/** Regulators and admins trace anything; an enterprise only what it owns, holds or is party to an event of. */
export async function authorizeTrace(db: Knex, principal: Principal, start: string, id: string): Promise<void> {
  if (principal.role !== 'enterprise') return;
  const enterpriseId = principal.enterpriseId ?? '';
  if ((await enterpriseTouched(db, start, enterpriseId)) || (id !== start && (await enterpriseTouched(db, id, enterpriseId)))) return;
  throw new ForbiddenError(`enterprise ${enterpriseId} neither owns nor holds ${id} and is party to no event of it`);
}

interface Walked {
  readonly depths: Map<string, number>;
  readonly cut: boolean;
}

async function walkOne(db: Knex, seeds: string[], direction: WalkDirection, maxDepth: number): Promise<Walked> {
  const rows = await walkLineage(db, seeds, direction, maxDepth);
  const reached = rows.map((r) => r.id);
  const frontier = rows.filter((r) => r.depth >= maxDepth).map((r) => r.id);
  return { depths: new Map(rows.map((r) => [r.id, r.depth])), cut: await hasEdgeBeyond(db, frontier, reached, direction) };
}

/** Nodes reached from `start` with signed depths (upstream negative) and whether maxDepth cut the walk. */
export async function walk(db: Knex, start: string, direction: TraceQuery['direction'], maxDepth: number): Promise<Walked> {
  const [back, fwd] = await Promise.all([
    direction === 'forward' ? undefined : walkOne(db, [start], 'backward', maxDepth),
    direction === 'backward' ? undefined : walkOne(db, [start], 'forward', maxDepth),
  ]);
  return { depths: signedDepths(back, fwd), cut: (back?.cut ?? false) || (fwd?.cut ?? false) };
}

// Upstream depths are negative; a node reached both ways keeps the downstream depth unless upstream is strictly nearer.
function signedDepths(back: Walked | undefined, fwd: Walked | undefined): Map<string, number> {
  const depths = new Map<string, number>();
  for (const [id, d] of back?.depths ?? []) depths.set(id, -d);
  for (const [id, d] of fwd?.depths ?? []) if (!depths.has(id) || d <= Math.abs(depths.get(id) ?? 0)) depths.set(id, d);
  return depths;
}

/** How far the index has caught up with the ledger (the same rule as GET /ledger and /readyz). */
async function traceIndexStatus(deps: TraceDeps): Promise<TraceGraph['index']> {
  const { checkpoint, ledgerHeight, caughtUp } = await indexStatus(deps);
  return { checkpoint, ledgerHeight, caughtUp };
}

type Chain = Pick<TraceGraph, 'nodes' | 'edges' | 'parties' | 'locations' | 'corrections'>;

function correctionOf(row: CorrectionRow): TraceGraph['corrections'][number] {
  const reason = row.error_declaration.reason;
  return {
    eventID: row.event_id,
    declaredBy: row.declared_by,
    declaredAt: new Date(row.declared_at).toISOString(),
    reason: typeof reason === 'string' ? reason : null,
    correctiveEventIDs: row.corrective_event_ids,
  };
}

async function graphOf(db: Knex, walked: Walked, view: { start: string; visible?: ReadonlySet<string> }): Promise<Chain> {
  const walkedIds = [...walked.depths.keys()];
  // Independent reads: on Postgres they run side by side on pooled connections (PGlite queues them).
  const [allCustody, allEdges, enterprises] = await Promise.all([custodyOf(db, walkedIds), edgesAmong(db, walkedIds), allEnterprises(db)]);
  const chain = view.visible
    ? visibleChain(view.start, view.visible, allEdges, allCustody)
    : { edges: allEdges, custody: allCustody, nodes: new Set(walkedIds) };
  const ids = walkedIds.filter((id) => chain.nodes.has(id));
  const [identifiers, quantityRows] = await Promise.all([identifiersByIds(db, ids), quantitiesOf(db, ids)]);
  const [custody, edgeRows] = [chain.custody, chain.edges];
  const corrections = (await correctionsOf(db, ids)).filter((c) => !view.visible || view.visible.has(c.event_id)).map(correctionOf);
  const rows = new Map(identifiers.map((r) => [r.id, r]));
  const quantities = quantitiesByNode(quantityRows);
  const nodes = ids
    .map((id) => toNode(id, walked.depths.get(id) ?? 0, rows.get(id), quantities.get(id) ?? []))
    .sort((a, b) => a.depth - b.depth || a.id.localeCompare(b.id));
  const edges = [...lineageEdges(edgeRows), ...custodyEdges(custody)];
  return { nodes, edges, ...partiesAndLocations(custody, enterprises), corrections };
}

/** The trace graph of one identifier, for a principal allowed to see it. */
export async function traceGraph(deps: TraceDeps, principal: Principal, query: TraceQuery): Promise<TraceGraph> {
  const id = canonicalOr400(query.id, 'id');
  const start = await startNode(deps.knex, id);
  await authorizeTrace(deps.knex, principal, start, id);
  const walked = await walk(deps.knex, start, query.direction, query.maxDepth);
  // An enterprise sees only the events it is party to; a regulator or the operator sees the whole chain.
  const visible =
    principal.role === 'enterprise' ? await partyEvents(deps.knex, principal.enterpriseId ?? '', [...walked.depths.keys()]) : undefined;
  const graph = await graphOf(deps.knex, walked, { start, ...(visible ? { visible } : {}) });
  return {
    id,
    start,
    direction: query.direction,
    maxDepth: query.maxDepth,
    cut: walked.cut,
    ...graph,
    index: await traceIndexStatus(deps),
  };
}

/** The rows of the FSMA 204 sortable spreadsheet of the traced chain (written as CSV or xlsx by the route). */
export async function traceExport(
  deps: TraceDeps,
  principal: Principal,
  query: TraceQuery,
): Promise<{ graph: TraceGraph; rows: TraceRow[] }> {
  const graph = await traceGraph(deps, principal, query);
  const viewer = await viewerOf(deps.knex, principal);
  // Business documents (reference type and number) only where an enterprise may see them, as in GET /events.
  const visible = viewer
    ? await partyEvents(
        deps.knex,
        viewer.id,
        graph.nodes.map((n) => n.id),
      )
    : undefined;
  const events = (
    await eventsOfNodes(
      deps.knex,
      graph.nodes.map((n) => n.id),
    )
  )
    .filter((e) => !visible || visible.has(e.event_id))
    .map((e) => ({ ...e, doc: visibleEvent(e.doc, e.recorder, viewer) }));
  const epcs = await epcsOfEvents(
    deps.knex,
    events.map((e) => e.event_id),
  );
  return { graph, rows: traceRows(graph, events, epcs) };
}
