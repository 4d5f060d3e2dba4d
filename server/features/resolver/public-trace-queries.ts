import type { Knex } from 'knex';
import type { RecallRecord } from '../../../chaincode/src/core/recalls';

type Db = Knex | Knex.Transaction;

export interface PublicEnterpriseRow {
  readonly id: string;
  readonly name: string;
  readonly company_prefixes: string[];
  readonly locations: ReadonlyArray<{ readonly id: string; readonly city?: string; readonly province?: string; readonly country?: string }>;
}

export interface PublicEventRow {
  readonly event_id: string;
  readonly node_id: string;
  readonly role: string;
  readonly event_type: string;
  readonly event_time: Date;
  readonly action: string | null;
  readonly biz_step: string | null;
  readonly biz_location: string | null;
  readonly read_point: string | null;
  readonly recorder: string;
  readonly tx_id: string;
  readonly block_number: string;
  readonly time_zone: string | null;
  readonly ilmd: Readonly<Record<string, unknown>> | null;
}

export interface RecallRow {
  readonly record: RecallRecord;
  readonly tx_id: string;
  readonly block_number: string;
}

// The walk runs on the identifiers' surrogate keys; the seeds are in the answer whether or not they are known identifiers.
const WALK_SQL = `WITH RECURSIVE walk(seq, depth) AS (
    SELECT i.seq, 0 FROM identifiers i WHERE i.id = ANY(?::text[])
    UNION
    SELECT CASE WHEN ? THEN le.to_seq ELSE le.from_seq END, w.depth + 1 FROM walk w
    JOIN lineage_edges le ON (CASE WHEN ? THEN le.from_seq ELSE le.to_seq END) = w.seq AND le.type = ?
    WHERE w.depth < ? AND NOT EXISTS (SELECT 1 FROM events ev WHERE ev.seq = le.event_seq AND ev.error_declaration IS NOT NULL))
  SELECT s AS id FROM unnest(?::text[]) AS s UNION SELECT i.id FROM walk w JOIN identifiers i ON i.seq = w.seq`;

/** Nodes reachable from `seeds` over edges of `type`, forward (from → to) or backward, seeds included. */
export async function walkEdges(
  db: Db,
  seeds: string[],
  type: 'transformed_into' | 'packed_into',
  forward: boolean,
  maxDepth = 20,
): Promise<string[]> {
  const res = await db.raw<{ rows: Array<{ id: string }> }>(WALK_SQL, [seeds, forward, forward, type, maxDepth, seeds]);
  return res.rows.map((r) => r.id);
}

/** Every registered enterprise (a small table; parties and places resolve against it). */
export async function publicEnterprises(db: Db): Promise<PublicEnterpriseRow[]> {
  return db('enterprises').select('id', 'name', 'company_prefixes', 'locations').orderBy('id');
}

/** Whether the index has seen the product: an identifier of that GTIN, or a declaration naming it. */
export async function productSeen(db: Db, productId: string, gtin: string): Promise<boolean> {
  const res = await db.raw<{ rows: unknown[] }>(
    `SELECT 1 FROM identifiers WHERE product = ? UNION ALL SELECT 1 FROM declaration_products WHERE gtin = ? LIMIT 1`,
    [productId, gtin],
  );
  return res.rows.length > 0;
}

/** Whether any event or identifier names the node (a lot known only through its items counts). */
export async function nodeSeen(db: Db, nodeId: string): Promise<boolean> {
  const res = await db.raw<{ rows: unknown[] }>(
    `SELECT 1 FROM v_event_epcs WHERE node_id = ? UNION ALL SELECT 1 FROM identifiers WHERE id = ? LIMIT 1`,
    [nodeId, nodeId],
  );
  return res.rows.length > 0;
}

/** The lot an item rolls up to, when the index knows it. */
export async function lotOfItem(db: Db, itemId: string): Promise<string | undefined> {
  const row = await db('identifiers').where({ id: itemId }).first<{ lot_id: string | null } | undefined>('lot_id');
  return row?.lot_id ?? undefined;
}

/** Events (not declared erroneous) touching the nodes, one row per (event, node, role), in time order. */
export async function eventsTouching(db: Db, nodeIds: string[]): Promise<PublicEventRow[]> {
  const res = await db.raw<{ rows: PublicEventRow[] }>(
    `SELECT DISTINCT ev.event_id, e.node_id, e.role, ev.event_type, ev.event_time, ev.action, ev.biz_step, ev.biz_location, ev.read_point, ev.recorder,
       ev.tx_id, ev.block_number, ev.doc->>'eventTimeZoneOffset' AS time_zone, ev.doc->'ilmd' AS ilmd
     FROM v_event_epcs e JOIN events ev ON ev.seq = e.event_seq
     WHERE e.node_id = ANY(?::text[]) AND ev.error_declaration IS NULL
     ORDER BY ev.event_time, ev.event_id`,
    [nodeIds],
  );
  return res.rows;
}

/** Recalls whose scope names any of the nodes. */
export async function recallsCovering(db: Db, nodeIds: string[]): Promise<RecallRow[]> {
  const res = await db.raw<{ rows: RecallRow[] }>(
    `SELECT r.record, r.tx_id, r.block_number FROM recalls r
     WHERE EXISTS (SELECT 1 FROM recall_lots rl WHERE rl.recall_id = r.id AND rl.status = 'recalled' AND rl.lot_id = ANY(?::text[])) ORDER BY r.opened_at, r.id`,
    [nodeIds],
  );
  return res.rows;
}

/** Recalls naming any lot or item of the product. */
export async function recallsOfProduct(db: Db, productId: string): Promise<RecallRow[]> {
  const prefix = `${productId}/`.replace(/[\\%_]/g, (c) => `\\${c}`);
  const res = await db.raw<{ rows: RecallRow[] }>(
    `SELECT r.record, r.tx_id, r.block_number FROM recalls r
     WHERE EXISTS (SELECT 1 FROM recall_lots rl WHERE rl.recall_id = r.id AND rl.status = 'recalled' AND rl.lot_id LIKE ? ESCAPE '\\') ORDER BY r.opened_at, r.id`,
    [`${prefix}%`],
  );
  return res.rows;
}

/** Whether the ledger state marks any of the identifiers (or items of these lots) recalled. */
export async function anyRecalled(db: Db, ids: string[]): Promise<boolean> {
  const res = await db.raw<{ rows: unknown[] }>(
    `SELECT 1 FROM identifiers WHERE recalled AND (id = ANY(?::text[]) OR lot_id = ANY(?::text[])) LIMIT 1`,
    [ids, ids],
  );
  return res.rows.length > 0;
}
