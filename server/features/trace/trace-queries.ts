import type { Knex } from 'knex';

type Db = Knex | Knex.Transaction;

/** A lineage walk direction: downstream (where it went) or upstream (where it came from). */
export type WalkDirection = 'forward' | 'backward';

export interface IdentifierRow {
  readonly id: string;
  readonly kind: string;
  readonly product: string | null;
  readonly lot_id: string | null;
  readonly owner: string | null;
  readonly custodian: string | null;
  readonly last_disposition: string | null;
  readonly recalled: boolean;
  readonly recall_ids: string[];
}

export interface WalkRow {
  readonly id: string;
  readonly depth: number;
}

export interface EdgeRow {
  readonly from_id: string;
  readonly to_id: string;
  readonly type: string;
  readonly event_ids: string[];
}

export interface CustodyRow {
  readonly event_id: string;
  readonly node_id: string;
  readonly direction: 'source' | 'destination' | 'at';
  readonly type: string;
  readonly party: string;
  readonly biz_step: string | null;
}

export interface QuantityRow {
  readonly node_id: string;
  readonly uom: string | null;
  readonly created: string | null;
  readonly largest: string | null;
  readonly items: string | null;
}

const WALKED = ['transformed_into', 'packed_into'];

// UNION on (node, depth) bounds the work by nodes × maxDepth whatever cycles or shared parents the graph has;
// edges from events later declared erroneous are not followed. The walk runs on the identifiers' surrogate
// keys; the seeds come back at depth 0 whether or not they are known identifiers.
const walkSql = (near: string, far: string): string => `WITH RECURSIVE walk(seq, depth) AS (
      SELECT i.seq, 0 FROM identifiers i WHERE i.id = ANY(?::text[])
      UNION
      SELECT le.${far}, w.depth + 1 FROM walk w JOIN lineage_edges le ON le.${near} = w.seq AND le.type = ANY(?::text[])
      WHERE w.depth < ? AND NOT EXISTS (SELECT 1 FROM events ev WHERE ev.seq = le.event_seq AND ev.error_declaration IS NOT NULL))
    SELECT id, min(depth)::int AS depth FROM (
      SELECT s AS id, 0 AS depth FROM unnest(?::text[]) AS s UNION ALL SELECT i.id, w.depth FROM walk w JOIN identifiers i ON i.seq = w.seq
    ) AS reached GROUP BY id`;
const WALK_SQL: Record<WalkDirection, string> = {
  forward: walkSql('from_seq', 'to_seq'),
  backward: walkSql('to_seq', 'from_seq'),
};

/** Every node reachable from `seeds` in `direction` within `maxDepth` steps, with its shortest distance. */
export async function walkLineage(db: Db, seeds: string[], direction: WalkDirection, maxDepth: number): Promise<WalkRow[]> {
  const res = await db.raw<{ rows: WalkRow[] }>(WALK_SQL[direction], [seeds, WALKED, maxDepth, seeds]);
  return res.rows;
}

/** Whether any node of `frontier` has a walkable edge to a node outside `reached`. */
export async function hasEdgeBeyond(db: Db, frontier: string[], reached: string[], direction: WalkDirection): Promise<boolean> {
  if (frontier.length === 0) return false;
  const [near, far] = direction === 'forward' ? ['from_id', 'to_id'] : ['to_id', 'from_id'];
  const res = await db.raw<{ rows: unknown[] }>(
    `SELECT 1 FROM v_lineage_edges WHERE ${near} = ANY(?::text[]) AND type = ANY(?::text[]) AND NOT (${far} = ANY(?::text[])) LIMIT 1`,
    [frontier, WALKED, reached],
  );
  return res.rows.length > 0;
}

/** The identifier rows of `ids` (ids never recorded as such are missing). */
export async function identifiersByIds(db: Db, ids: string[]): Promise<IdentifierRow[]> {
  return db('identifiers')
    .whereRaw('id = ANY(?::text[])', [ids])
    .select('id', 'kind', 'product', 'lot_id', 'owner', 'custodian', 'last_disposition', 'recalled', 'recall_ids');
}

/** Whether any event mentions `nodeId` as a lineage node (lots known only through their items have no identifier row). */
export async function nodeSeen(db: Db, nodeId: string): Promise<boolean> {
  return (await db('v_event_epcs').where({ node_id: nodeId }).first('event_seq')) !== undefined;
}

/** Lineage edges whose both ends are in `ids`, one per (from, to, type) with the eventIDs behind it. */
export async function edgesAmong(db: Db, ids: string[]): Promise<EdgeRow[]> {
  const res = await db.raw<{ rows: EdgeRow[] }>(
    `SELECT from_id, to_id, type, array_agg(event_id ORDER BY event_id) AS event_ids FROM v_lineage_edges
     WHERE from_id = ANY(?::text[]) AND to_id = ANY(?::text[]) GROUP BY from_id, to_id, type ORDER BY from_id, to_id, type`,
    [ids, ids],
  );
  return res.rows;
}

/** Custody facts (sources, destinations, business locations) of the nodes, with each event's bizStep. */
// Joining on unnest() rather than `= ANY` keeps the planner on the node index for hundreds of ids.
export async function custodyOf(db: Db, ids: string[]): Promise<CustodyRow[]> {
  const res = await db.raw<{ rows: CustodyRow[] }>(
    `SELECT c.event_id, c.node_id, c.direction, c.type, c.party, ev.biz_step FROM unnest(?::text[]) AS n(id)
     JOIN v_custody c ON c.node_id = n.id JOIN events ev ON ev.seq = c.event_seq
     WHERE ev.error_declaration IS NULL ORDER BY c.node_id, ev.event_time, c.event_id`,
    [ids],
  );
  return res.rows;
}

/**
 * Quantities per node and unit: `created` sums what commissioning and transformation outputs recorded
 * for the lot class, `largest` is the largest quantity any event recorded, `items` counts the
 * serialised items that roll up to the node.
 */
export async function quantitiesOf(db: Db, ids: string[]): Promise<QuantityRow[]> {
  const res = await db.raw<{ rows: QuantityRow[] }>(
    `SELECT e.node_id, e.uom,
       sum(e.quantity) FILTER (WHERE e.epc = e.node_id AND (e.role = 'output' OR (ev.event_type = 'ObjectEvent' AND ev.action = 'ADD'))) AS created,
       max(e.quantity) FILTER (WHERE e.epc = e.node_id) AS largest,
       count(DISTINCT e.epc) FILTER (WHERE e.epc <> e.node_id AND e.quantity IS NULL) AS items
     FROM unnest(?::text[]) AS n(id) JOIN v_event_epcs e ON e.node_id = n.id JOIN events ev ON ev.seq = e.event_seq
     WHERE ev.error_declaration IS NULL GROUP BY e.node_id, e.uom`,
    [ids],
  );
  return res.rows;
}

/** Whether `enterpriseId` owns or holds `nodeId`, or is party to an event touching it. */
export async function enterpriseTouched(db: Db, nodeId: string, enterpriseId: string): Promise<boolean> {
  const res = await db.raw<{ rows: unknown[] }>(
    `SELECT 1 FROM identifiers WHERE id = ? AND (owner = ? OR custodian = ?)
     UNION ALL SELECT 1 FROM v_event_epcs e JOIN event_parties p ON p.event_seq = e.event_seq WHERE e.node_id = ? AND p.enterprise_id = ? LIMIT 1`,
    [nodeId, enterpriseId, enterpriseId, nodeId, enterpriseId],
  );
  return res.rows.length > 0;
}

export interface EnterpriseRow {
  readonly id: string;
  readonly name: string;
  readonly company_prefixes: string[];
  readonly locations: ReadonlyArray<{
    readonly id: string;
    readonly name?: string;
    readonly city?: string;
    readonly province?: string;
    readonly country?: string;
  }>;
}

/** Every registered enterprise (a small table: parties and locations are resolved against it). */
export async function allEnterprises(db: Db): Promise<EnterpriseRow[]> {
  return db('enterprises').select('id', 'name', 'company_prefixes', 'locations').orderBy('id');
}

export interface ChainEventRow {
  readonly event_id: string;
  readonly event_type: string;
  readonly event_time: Date;
  readonly biz_step: string | null;
  readonly disposition: string | null;
  readonly biz_location: string | null;
  readonly recorder: string;
  readonly doc: Readonly<Record<string, unknown>>;
}

export interface EventEpcRow {
  readonly event_id: string;
  readonly role: string;
  readonly epc: string;
  readonly node_id: string;
  readonly quantity: string | null;
  readonly uom: string | null;
}

/** The events (not declared erroneous) touching any of the nodes, in time order. */
export async function eventsOfNodes(db: Db, ids: string[]): Promise<ChainEventRow[]> {
  const res = await db.raw<{ rows: ChainEventRow[] }>(
    `SELECT ev.event_id, ev.event_type, ev.event_time, ev.biz_step, ev.disposition, ev.biz_location, ev.recorder, ev.doc FROM events ev
     WHERE ev.seq IN (SELECT event_seq FROM v_event_epcs WHERE node_id = ANY(?::text[])) AND ev.error_declaration IS NULL
     ORDER BY ev.event_time, ev.event_id`,
    [ids],
  );
  return res.rows;
}

/** The identifier rows of the events. */
export async function epcsOfEvents(db: Db, eventIds: string[]): Promise<EventEpcRow[]> {
  const res = await db.raw<{ rows: EventEpcRow[] }>(
    `SELECT event_id, role, epc, node_id, quantity, uom FROM v_event_epcs WHERE event_id = ANY(?::text[]) ORDER BY event_id, role, epc`,
    [eventIds],
  );
  return res.rows;
}
