import type { Knex } from 'knex';
import { rawRows } from '../../db/raw-rows';
import type { CreditKind } from './risk-rules';

/** One entry of an enterprise's credit record: a dated ledger record, with where to read it. */
export interface CreditEntry {
  readonly enterpriseId: string;
  readonly kind: CreditKind;
  readonly id: string;
  readonly at: string;
  readonly txId: string;
  readonly blockNumber: number;
  readonly link: string;
  readonly summary: string;
}

// One select per kind, each answering (enterprise_id, kind, id, at, tx_id, block_number, link, summary).
const RECALL_OF = `(r.opened_by = e.id or exists (select 1 from recall_lots rl left join identifiers o on o.id = rl.lot_id
  where rl.recall_id = r.id and (rl.owner = e.id or o.owner = e.id)))`;

const SOURCES = `
  select enterprise_id, 'failed-inspection' as kind, id, recorded_at as at, tx_id, block_number, '/inspections/plans/' || plan_id as link, record->>'findings' as summary
    from inspection_results where outcome = 'fail'
  union all
  select enterprise_id, 'late-incident-report', id, reported_at, tx_id, block_number, '/ledger/tx/' || tx_id, 'reported ' || to_char(reported_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC, due ' || to_char(due_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC'
    from incidents where late
  union all
  select e.id, 'recall', r.id, r.opened_at, r.tx_id, r.block_number, '/recalls/' || r.id, coalesce(r.record->>'reason', '')
    from recalls r join enterprises e on ${RECALL_OF}
  union all
  select enterprise_id, 'non-conforming-spot-check', tx_id, recorded_at, tx_id, block_number, '/declarations/' || declaration_id, record->>'notes'
    from declaration_supervision where result = 'non-conforming'
  union all
  select d.enterprise_id, 'below-recommended-declaration', d.id, v.created_at, v.tx_id, v.block_number, '/declarations/' || d.id, coalesce(v.record->>'belowRecommendedExplanation', '')
    from declarations d join declaration_versions v on v.declaration_id = d.id and v.version = d.current_version
    where d.status = 'active' and (v.record->>'belowRecommended') = 'true'
  union all
  select enterprise_id, 'withdrawn-declaration', id, updated_at, tx_id, block_number, '/declarations/' || id, coalesce(record->>'withdrawReason', '')
    from declarations where status = 'withdrawn'`;

interface EntryRow {
  enterprise_id: string;
  kind: CreditKind;
  id: string;
  at: Date | string;
  tx_id: string;
  block_number: string | number;
  link: string;
  summary: string | null;
}

/** Credit entries from `since` on, newest first; one enterprise, or all when `enterpriseId` is undefined. */
export async function creditEntries(knex: Knex, opts: { readonly enterpriseId?: string; readonly since?: string }): Promise<CreditEntry[]> {
  const candidates: Array<readonly [string, string | undefined]> = [
    ['enterprise_id = ?', opts.enterpriseId],
    ['at >= ?', opts.since],
  ];
  const filters = candidates.filter((f): f is readonly [string, string] => f[1] !== undefined);
  const where = filters.map(([clause]) => clause);
  const bindings = filters.map(([, value]) => value);
  const sql = `select * from (${SOURCES}) c ${where.length ? `where ${where.join(' and ')}` : ''} order by at desc, kind, id`;
  const rows = await rawRows<EntryRow>(knex, sql, bindings);
  return rows.map((r) => ({
    enterpriseId: r.enterprise_id,
    kind: r.kind,
    id: r.id,
    at: new Date(r.at).toISOString(),
    txId: r.tx_id,
    blockNumber: Number(r.block_number),
    link: r.link,
    summary: r.summary ?? '',
  }));
}

/** Registered enterprises, id and name, by id. */
export async function enterpriseNames(knex: Knex): Promise<Array<{ id: string; name: string }>> {
  return knex('enterprises').select('id', 'name').orderBy('id');
}
