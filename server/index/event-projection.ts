import type { Knex } from 'knex';
import type { LedgerEventPayloads } from '../../chaincode/src/core/ledger-events';
import type { EventRecord } from '../../chaincode/src/core/model';
import type { LedgerEvent } from '../ledger/trace-ledger';
import { insertNewKeyedSql, insertRows, lockSurrogateKeys, orderedJson, recordset, type Column } from './bulk';
import { nodeResolver, rowsForEvent, type EventRows } from './event-rows';
import { ensureIdentifiers, writeObjects } from './identifier-writes';

const EVENT_COLUMNS: Column[] = [
  ['event_id', 'text'],
  ['event_type', 'text'],
  ['event_time', 'timestamptz'],
  ['record_time', 'timestamptz'],
  ['action', 'text'],
  ['biz_step', 'text'],
  ['disposition', 'text'],
  ['read_point', 'text'],
  ['biz_location', 'text'],
  ['recorder', 'text'],
  ['tx_id', 'text'],
  ['block_number', 'bigint'],
  ['tx_index', 'integer'],
  ['position', 'integer'],
  ['error_declaration', 'jsonb'],
  ['doc', 'jsonb'],
];

/**
 * A child table of `events`: its rows arrive with text ids (`columns`, deduplicated on `key`) and
 * are written with the surrogate keys of the event and identifiers they name (`select`, over `joins`).
 */
interface ChildTable {
  readonly table: string;
  readonly columns: readonly Column[];
  readonly key: readonly string[];
  readonly targets: string;
  readonly select: string;
  readonly joins: string;
}

// `ev`: the events the same statement inserted (see `eventsRecorded`), so only new events get child rows.
const EVENT_JOIN = 'JOIN ev e ON e.event_id = x.event_id';

const PARTIES: ChildTable = {
  table: 'event_parties',
  columns: [
    ['event_id', 'text'],
    ['enterprise_id', 'text'],
  ],
  key: ['event_id', 'enterprise_id'],
  targets: 'event_seq, enterprise_id',
  select: 'e.seq, x.enterprise_id',
  joins: EVENT_JOIN,
};
const EPCS: ChildTable = {
  table: 'event_epcs',
  columns: [
    ['event_id', 'text'],
    ['role', 'text'],
    ['epc', 'text'],
    ['node_id', 'text'],
    ['epc_class', 'text'],
    ['quantity', 'numeric'],
    ['uom', 'text'],
  ],
  key: ['event_id', 'role', 'epc'],
  targets: 'event_seq, role, epc_seq, node_seq, class_seq, quantity, uom',
  select: 'e.seq, x.role, a.seq, n.seq, c.seq, x.quantity, x.uom',
  joins: `${EVENT_JOIN} JOIN identifiers a ON a.id = x.epc JOIN identifiers n ON n.id = x.node_id LEFT JOIN identifiers c ON c.id = x.epc_class`,
};
const EDGES: ChildTable = {
  table: 'lineage_edges',
  columns: [
    ['from_id', 'text'],
    ['to_id', 'text'],
    ['type', 'text'],
    ['event_id', 'text'],
  ],
  key: ['from_id', 'to_id', 'type', 'event_id'],
  targets: 'from_seq, to_seq, type, event_seq',
  select: 'f.seq, t.seq, x.type, e.seq',
  joins: `${EVENT_JOIN} JOIN identifiers f ON f.id = x.from_id JOIN identifiers t ON t.id = x.to_id`,
};
const CUSTODY: ChildTable = {
  table: 'custody',
  columns: [
    ['event_id', 'text'],
    ['node_id', 'text'],
    ['direction', 'text'],
    ['type', 'text'],
    ['party', 'text'],
  ],
  key: ['event_id', 'node_id', 'direction', 'type', 'party'],
  targets: 'event_seq, node_seq, direction, type, party',
  select: 'e.seq, n.seq, x.direction, x.type, x.party',
  joins: `${EVENT_JOIN} JOIN identifiers n ON n.id = x.node_id`,
};

function unique(child: ChildTable, rows: ReadonlyArray<Record<string, unknown>>): Array<Record<string, unknown>> {
  const byKey = new Map<string, Record<string, unknown>>();
  for (const row of rows) {
    const key = JSON.stringify(child.key.map((k) => row[k]));
    if (!byKey.has(key)) byKey.set(key, row);
  }
  return [...byKey.values()];
}

// Plain inserts: the rows belong to events inserted by the same statement, so none can be there already.
function childInsert(child: ChildTable): string {
  return `INSERT INTO "${child.table}" (${child.targets}) SELECT ${child.select} FROM ${recordset(child.columns)} ${child.joins}`;
}

/**
 * One statement for the new events and their child rows: `ev` inserts the events not indexed yet,
 * numbering them with the next surrogate keys, and each child table's rows join it (and
 * `identifiers`, already written) for the keys they reference.
 */
async function insertEvents(
  trx: Knex.Transaction,
  rows: readonly EventRows[],
  parties: ReadonlyArray<Record<string, unknown>>,
): Promise<void> {
  if (rows.length === 0) return;
  const children: Array<[ChildTable, ReadonlyArray<Record<string, unknown>>]> = [
    [PARTIES, parties],
    [EPCS, rows.flatMap((r) => r.epcs)],
    [EDGES, rows.flatMap((r) => r.edges)],
    [CUSTODY, rows.flatMap((r) => r.custody)],
  ];
  const written = children.filter(([, childRows]) => childRows.length > 0);
  const events = insertNewKeyedSql('events', 'event_id', EVENT_COLUMNS, recordset(EVENT_COLUMNS, true));
  await trx.raw(
    `WITH ev AS (${events} RETURNING event_id, seq)${written.map(([child], i) => `, c${i} AS (${childInsert(child)})`).join('')}
     SELECT count(*) AS n FROM ev`,
    [orderedJson(rows.map((r) => r.event)), ...written.map(([child, childRows]) => JSON.stringify(unique(child, childRows)))],
  );
}

function referencedIds(rows: readonly EventRows[]): Set<string> {
  const ids = new Set<string>();
  const add = (v: unknown): void => {
    if (typeof v === 'string') ids.add(v);
  };
  for (const r of rows) {
    for (const e of r.epcs) [e.epc, e.node_id, e.epc_class].forEach(add);
    for (const e of r.edges) [e.from_id, e.to_id].forEach(add);
    for (const c of r.custody) add(c.node_id);
  }
  return ids;
}

const DECLARATION_COLUMNS: Column[] = [
  ['event_id', 'text'],
  ['declared_by', 'text'],
  ['declared_at', 'timestamptz'],
  ['tx_id', 'text'],
  ['block_number', 'bigint'],
  ['error_declaration', 'jsonb'],
  ['corrective_event_ids', 'jsonb'],
];

function correctiveIds(declaration: Readonly<Record<string, unknown>>): string[] {
  const ids = declaration.correctiveEventIDs;
  return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
}

// The ledger keeps one declaration per event, so the event's column is set once and never overwritten.
async function markDeclarations(trx: Knex.Transaction, at: LedgerEvent, events: readonly EventRecord[]): Promise<void> {
  const declared = events.filter((r) => r.isErrorDeclaration);
  const rows = declared.map((e) => {
    const declaration = e.event.errorDeclaration as Readonly<Record<string, unknown>>;
    return {
      event_id: e.eventID,
      declared_by: e.recorder,
      declared_at: e.recordTime,
      tx_id: e.txId,
      block_number: at.blockNumber,
      error_declaration: declaration,
      corrective_event_ids: correctiveIds(declaration),
    };
  });
  await insertRows(trx, 'event_declarations', DECLARATION_COLUMNS, rows, 'ON CONFLICT (event_id) DO NOTHING');
  for (const e of declared) {
    await trx('events')
      .where({ event_id: e.eventID })
      .whereNull('error_declaration')
      .update({ error_declaration: JSON.stringify(e.event.errorDeclaration) });
  }
}

function partyRows(events: readonly EventRecord[]): Array<Record<string, unknown>> {
  return events.flatMap((e) =>
    [...new Set([e.recorder, ...(e.parties ?? [])])].map((enterprise_id) => ({ event_id: e.eventID, enterprise_id })),
  );
}

/**
 * `EventsRecorded`: the objects' new states, the events (each new one numbered with the next
 * surrogate key) with their child rows, and their declarations.
 */
export async function eventsRecorded(trx: Knex.Transaction, at: LedgerEvent, p: LedgerEventPayloads['EventsRecorded']): Promise<void> {
  await lockSurrogateKeys(trx);
  const nodeOf = nodeResolver(p.objects);
  const originals = p.events.filter((e) => !e.isErrorDeclaration);
  // Each event keeps its position in the transaction (declarations included), as the ledger numbers them.
  const rows = p.events.flatMap((r, position) => (r.isErrorDeclaration ? [] : [rowsForEvent(r, at, position, nodeOf)]));
  await writeObjects(trx, p.objects, at.blockNumber);
  await ensureIdentifiers(trx, referencedIds(rows), p.objects, at.blockNumber);
  await insertEvents(trx, rows, partyRows(originals));
  await markDeclarations(trx, at, p.events);
}
