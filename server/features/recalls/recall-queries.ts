import type { Knex } from 'knex';
import type { RecallLotRow } from '../../db/rows/recall-lots';
import type { RecallRow as RecallTableRow } from '../../db/rows/recalls';

type Db = Knex | Knex.Transaction;

export type RecallRow = Readonly<Pick<RecallTableRow, 'id' | 'record' | 'status' | 'tx_id' | 'opened_at'>>;

/** One recall by id. */
export async function findRecall(db: Db, id: string): Promise<RecallRow | undefined> {
  return db('recalls').where({ id }).first('id', 'record', 'status', 'tx_id', 'opened_at');
}

/** Recalls newest first, optionally only those whose scope contains `lot`. */
export async function listRecalls(db: Db, opts: { lot?: string; limit: number }): Promise<RecallRow[]> {
  const q = db('recalls')
    .select('id', 'record', 'status', 'tx_id', 'opened_at')
    .orderBy([
      { column: 'opened_at', order: 'desc' },
      { column: 'id', order: 'asc' },
    ])
    .limit(opts.limit);
  if (opts.lot !== undefined) void q.whereIn('id', db('recall_lots').select('recall_id').where({ lot_id: opts.lot, status: 'recalled' }));
  return q;
}

/** The lots a recall marks recalled, as the index recorded them. */
export async function scopeOf(db: Db, recallId: string): Promise<string[]> {
  const rows = await db('recall_lots').where({ recall_id: recallId, status: 'recalled' }).orderBy('lot_id').select('lot_id');
  return rows.map((r) => r.lot_id);
}

/** Another brand owner's lot an enterprise's recall reached: affected until confirmed, then recalled. */
export interface AffectedRow {
  readonly lot: string;
  readonly owner: string | null;
  readonly status: RecallLotRow['status'];
  readonly confirmedBy: string | null;
  readonly confirmedAt: string | null;
}

/** The other owners' lots of a recall, confirmed or not. */
export async function affectedOf(db: Db, recallId: string): Promise<AffectedRow[]> {
  const rows = await db('recall_lots')
    .where({ recall_id: recallId })
    .where((w) => void w.where('status', 'affected').orWhereNotNull('confirmed_by'))
    .orderBy('lot_id')
    .select('lot_id', 'owner', 'status', 'confirmed_by', 'confirmed_at');
  return rows.map((r) => ({
    lot: r.lot_id,
    owner: r.owner,
    status: r.status,
    confirmedBy: r.confirmed_by,
    confirmedAt: r.confirmed_at ? new Date(r.confirmed_at).toISOString() : null,
  }));
}

/** Enterprise names by id. */
export async function enterpriseNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  const rows = await db('enterprises').whereRaw('id = ANY(?::text[])', [ids]).select('id', 'name');
  return new Map(rows.map((r) => [r.id, r.name]));
}
