import type { Knex } from 'knex';
import { rawRows } from '../../db/raw-rows';

type Rows<T> = Promise<T[]>;

function rows<T>(knex: Knex, sql: string, bindings: readonly Knex.RawBinding[]): Rows<T> {
  return rawRows<T>(knex, sql, bindings);
}

/** Complaints per product (GTIN) in the recent window and in the baseline window before it. */
export function complaintCounts(
  knex: Knex,
  recentFrom: string,
  baselineFrom: string,
): Rows<{ gtin: string; owner: string | null; recent: number; baseline: number; complaint_ids: string[] }> {
  return rows(
    knex,
    `
    select gtin, max(owner) as owner,
      count(*) filter (where created_at >= ?)::int as recent,
      count(*) filter (where created_at < ?)::int as baseline,
      (array_agg(id order by created_at desc) filter (where created_at >= ?))[1:20] as complaint_ids
    from (select id, owner, created_at, substring(subject_id from '/01/([0-9]{14})') as gtin from complaints where created_at >= ?) c
    where gtin is not null group by gtin`,
    [recentFrom, recentFrom, recentFrom, baselineFrom],
  );
}

/** Product categories (from declarations) with their incidents reported since `from`. */
export function incidentsByCategory(
  knex: Knex,
  from: string,
): Rows<{ category: string; incidents: number; incident_ids: string[]; enterprises: string[] }> {
  return rows(
    knex,
    `
    with category_of as (
      select distinct dp.gtin, p->>'category' as category
      from declaration_products dp
      join declaration_versions v on v.declaration_id = dp.declaration_id and v.version = dp.version
      cross join lateral jsonb_array_elements(v.record->'products') p
      where p->>'gtin' = dp.gtin and coalesce(p->>'category', '') <> '')
    select c.category, count(distinct i.id)::int as incidents, array_agg(distinct i.id) as incident_ids, array_agg(distinct i.enterprise_id) as enterprises
    from incidents i join incident_products ip on ip.incident_id = i.id join category_of c on c.gtin = ip.gtin
    where i.reported_at >= ? group by c.category`,
    [from],
  );
}

/** Incident reports filed late and not closed yet. */
export function overdueIncidents(
  knex: Knex,
): Rows<{ id: string; enterprise_id: string; due_at: Date | string; reported_at: Date | string; status: string; tx_id: string }> {
  return rows(
    knex,
    `select id, enterprise_id, due_at, reported_at, status, tx_id from incidents where late and status <> 'closed' order by due_at`,
    [],
  );
}

// Events that only take a recalled lot out of circulation are what a recall asks for, not a warning.
const WITHDRAWING = `coalesce(e.disposition, '') ~ '(recalled|destroyed|disposed|returned|non_sellable)' or coalesce(e.biz_step, '') ~ '(destroying|returning|removing|holding)'`;

/** Events recorded after a recall on a lot it recalled (the lot itself, or items of it), other than withdrawing it. */
export function eventsAfterRecall(
  knex: Knex,
  limit: number,
): Rows<{
  recall_id: string;
  lot_id: string;
  event_id: string;
  biz_step: string | null;
  recorder: string;
  event_time: Date | string;
  tx_id: string;
}> {
  return rows(
    knex,
    `
    with lot_nodes as (
      select rl.recall_id, rl.lot_id, rl.lot_id as node_id from recall_lots rl where rl.status = 'recalled'
      union
      select rl.recall_id, rl.lot_id, o.id from recall_lots rl join identifiers o on o.lot_id = rl.lot_id where rl.status = 'recalled')
    select distinct n.recall_id, n.lot_id, e.event_id, e.biz_step, e.recorder, e.event_time, e.tx_id
    from lot_nodes n
    join recalls r on r.id = n.recall_id
    join v_event_epcs ep on ep.node_id = n.node_id
    join events e on e.seq = ep.event_seq
    where e.record_time > r.opened_at and e.error_declaration is null and not (${WITHDRAWING})
    order by e.event_time desc limit ?`,
    [limit],
  );
}
