import type { Knex } from 'knex';
import type { EventsQuery } from './events-query-schema';

export interface EventRow {
  event_id: string;
  doc: Record<string, unknown>;
  error_declaration: Record<string, unknown> | null;
  /** Who declared the event erroneous, when, in which transaction (from event_declarations). */
  declared: { declared_by: string; declared_at: string; tx_id: string } | null;
  recorder: string;
  block_number: string;
  tx_index: number;
  position: number;
}

/** Position of the last row of a page, which the next page starts after. */
export interface PageCursor {
  readonly b: number;
  readonly t: number;
  readonly p: number;
}

type Match = readonly [param: keyof EventsQuery, roles: readonly string[], column: 'epc' | 'epc_class'];

const MATCHES: readonly Match[] = [
  ['MATCH_epc', ['epc', 'child', 'input', 'output'], 'epc'],
  ['MATCH_parentID', ['parent'], 'epc'],
  ['MATCH_inputEPC', ['input'], 'epc'],
  ['MATCH_outputEPC', ['output'], 'epc'],
  ['MATCH_anyEPC', ['epc', 'child', 'input', 'output', 'parent'], 'epc'],
  ['MATCH_epcClass', ['epc', 'child'], 'epc_class'],
  ['MATCH_inputEPCClass', ['input'], 'epc_class'],
  ['MATCH_outputEPCClass', ['output'], 'epc_class'],
  ['MATCH_anyEPCClass', ['epc', 'child', 'input', 'output'], 'epc_class'],
];

const EQUALS: ReadonlyArray<readonly [keyof EventsQuery, string]> = [
  ['eventType', 'event_type'],
  ['EQ_action', 'action'],
  ['EQ_bizStep', 'biz_step'],
  ['EQ_disposition', 'disposition'],
  ['EQ_readPoint', 'read_point'],
  ['EQ_bizLocation', 'biz_location'],
  ['EQ_eventID', 'event_id'],
];

function applyFilters(q: Knex.QueryBuilder, query: EventsQuery, knex: Knex): void {
  for (const [param, column] of EQUALS) {
    const values = query[param] as string[] | undefined;
    if (values) void q.whereIn(`e.${column}`, values);
  }
  if (query.GE_eventTime) void q.where('e.event_time', '>=', query.GE_eventTime);
  if (query.LT_eventTime) void q.where('e.event_time', '<', query.LT_eventTime);
  if (query.GE_recordTime) void q.where('e.record_time', '>=', query.GE_recordTime);
  if (query.LT_recordTime) void q.where('e.record_time', '<', query.LT_recordTime);
  for (const [param, roles, column] of MATCHES) {
    const values = query[param] as string[] | undefined;
    if (!values) continue;
    void q.whereExists(
      knex('v_event_epcs as m')
        .select(knex.raw('1'))
        .whereRaw('m.event_seq = e.seq')
        .whereIn('m.role', roles as string[])
        .whereIn(`m.${column}`, values),
    );
  }
}

function eventColumns(knex: Knex): Array<string | Knex.Raw> {
  const declared = knex.raw(
    `(SELECT json_build_object('declared_by', d.declared_by, 'declared_at', d.declared_at, 'tx_id', d.tx_id) FROM event_declarations d WHERE d.event_id = e.event_id) AS declared`,
  );
  return ['e.event_id', 'e.doc', 'e.error_declaration', declared, 'e.recorder', 'e.block_number', 'e.tx_index', 'e.position'];
}

/** Events an enterprise may see: those it is party to (recorder, source, destination, place or next holder). */
function applyVisibility(q: Knex.QueryBuilder, knex: Knex, enterpriseId: string): void {
  void q.whereExists(
    knex('event_parties as p').select(knex.raw('1')).whereRaw('p.event_seq = e.seq').where('p.enterprise_id', enterpriseId),
  );
}

/** One page of events in ledger order, after `cursor`; `enterpriseId` limits visibility. */
export async function queryEvents(
  knex: Knex,
  query: EventsQuery,
  opts: { cursor?: PageCursor; enterpriseId?: string },
): Promise<EventRow[]> {
  const q = knex('events as e').select(...eventColumns(knex));
  applyFilters(q, query, knex);
  if (opts.enterpriseId) applyVisibility(q, knex, opts.enterpriseId);
  if (opts.cursor) void q.whereRaw('(e.block_number, e.tx_index, e.position) > (?, ?, ?)', [opts.cursor.b, opts.cursor.t, opts.cursor.p]);
  return q.orderBy([{ column: 'e.block_number' }, { column: 'e.tx_index' }, { column: 'e.position' }]).limit(query.perPage + 1);
}

/** One event by id, subject to the same visibility rule. */
export async function findEvent(knex: Knex, eventID: string, enterpriseId?: string): Promise<EventRow | undefined> {
  const q = knex('events as e')
    .select(...eventColumns(knex))
    .where('e.event_id', eventID);
  if (enterpriseId) applyVisibility(q, knex, enterpriseId);
  return q.first<EventRow | undefined>();
}
