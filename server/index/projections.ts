import type { Knex } from 'knex';
import { parseIdentifier, productOf } from '../../chaincode/src/core/identifiers';
import type { LedgerEventName, LedgerEventPayloads } from '../../chaincode/src/core/ledger-events';
import type { EventRecord, ObjectState } from '../../chaincode/src/core/model';
import type { RecallRecord } from '../../chaincode/src/core/recalls';
import type { LedgerEvent } from '../ledger/trace-ledger';
import { insertRows, type Column } from './bulk';
import { nodeResolver, rowsForEvent } from './event-rows';

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
const EPC_COLUMNS: Column[] = [
  ['event_id', 'text'],
  ['role', 'text'],
  ['epc', 'text'],
  ['node_id', 'text'],
  ['epc_class', 'text'],
  ['quantity', 'numeric'],
  ['uom', 'text'],
];
const EDGE_COLUMNS: Column[] = [
  ['from_id', 'text'],
  ['to_id', 'text'],
  ['type', 'text'],
  ['event_id', 'text'],
];
const CUSTODY_COLUMNS: Column[] = [
  ['event_id', 'text'],
  ['node_id', 'text'],
  ['direction', 'text'],
  ['type', 'text'],
  ['party', 'text'],
];
const IDENTIFIER_COLUMNS: Column[] = [
  ['id', 'text'],
  ['kind', 'text'],
  ['product', 'text'],
  ['lot_id', 'text'],
  ['owner', 'text'],
  ['custodian', 'text'],
  ['last_disposition', 'text'],
  ['recalled', 'boolean'],
  ['recall_ids', 'jsonb'],
  ['first_event_id', 'text'],
  ['last_event_id', 'text'],
  ['updated_block', 'bigint'],
];

function identifierRow(o: ObjectState, block: number): Record<string, unknown> {
  let kind = 'opaque';
  let product: string | undefined;
  try {
    const parsed = parseIdentifier(o.id);
    kind = parsed.kind;
    product = productOf(parsed);
  } catch {
    // Stored ids were canonicalised by the rules; an unparsable one stays opaque.
  }
  return {
    id: o.id,
    kind,
    product: product ?? null,
    lot_id: o.lot ?? null,
    owner: o.owner ?? null,
    custodian: o.custodian ?? null,
    last_disposition: o.lastDisposition ?? null,
    recalled: o.recalled,
    recall_ids: o.recallIds,
    first_event_id: o.firstEventID || null,
    last_event_id: o.lastEventID || null,
    updated_block: block,
  };
}

async function upsertObjects(trx: Knex.Transaction, objects: readonly ObjectState[], block: number): Promise<void> {
  const updates = IDENTIFIER_COLUMNS.filter(([n]) => n !== 'id')
    .map(([n]) => `"${n}" = excluded."${n}"`)
    .join(', ');
  await insertRows(
    trx,
    'identifiers',
    IDENTIFIER_COLUMNS,
    objects.map((o) => identifierRow(o, block)),
    `ON CONFLICT (id) DO UPDATE SET ${updates} WHERE identifiers.updated_block <= excluded.updated_block`,
  );
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
  return events
    .filter((e) => !e.isErrorDeclaration)
    .flatMap((e) => [...new Set([e.recorder, ...(e.parties ?? [])])].map((enterprise_id) => ({ event_id: e.eventID, enterprise_id })));
}

async function eventsRecorded(trx: Knex.Transaction, at: LedgerEvent, p: LedgerEventPayloads['EventsRecorded']): Promise<void> {
  const nodeOf = nodeResolver(p.objects);
  const originals = p.events.filter((e) => !e.isErrorDeclaration);
  const rows = originals.map((r, i) => rowsForEvent(r, at, p.events.indexOf(r) >= 0 ? p.events.indexOf(r) : i, nodeOf));
  await insertRows(
    trx,
    'events',
    EVENT_COLUMNS,
    rows.map((r) => r.event),
    'ON CONFLICT (event_id) DO NOTHING',
  );
  await markDeclarations(trx, at, p.events);
  await insertRows(
    trx,
    'event_parties',
    [
      ['event_id', 'text'],
      ['enterprise_id', 'text'],
    ],
    partyRows(p.events),
    'ON CONFLICT DO NOTHING',
  );
  await insertRows(
    trx,
    'event_epcs',
    EPC_COLUMNS,
    rows.flatMap((r) => r.epcs),
    'ON CONFLICT DO NOTHING',
  );
  await insertRows(
    trx,
    'lineage_edges',
    EDGE_COLUMNS,
    rows.flatMap((r) => r.edges),
    'ON CONFLICT DO NOTHING',
  );
  await insertRows(
    trx,
    'custody',
    CUSTODY_COLUMNS,
    rows.flatMap((r) => r.custody),
    'ON CONFLICT DO NOTHING',
  );
  await upsertObjects(trx, p.objects, at.blockNumber);
}

async function enterpriseRegistered(trx: Knex.Transaction, at: LedgerEvent, p: LedgerEventPayloads['EnterpriseRegistered']): Promise<void> {
  const e = p.enterprise;
  await trx('enterprises')
    .insert({
      id: e.id,
      name: e.name,
      company_prefixes: JSON.stringify(e.companyPrefixes),
      locations: JSON.stringify(e.locations),
      identity: JSON.stringify(e.identity),
      tx_id: e.txId,
      block_number: at.blockNumber,
      registered_at: e.registeredAt,
    })
    .onConflict('id')
    .ignore();
}

const RECALL_LOT_COLUMNS: Column[] = [
  ['recall_id', 'text'],
  ['lot_id', 'text'],
  ['status', 'text'],
  ['owner', 'text'],
  ['confirmed_by', 'text'],
  ['confirmed_at', 'timestamptz'],
];

function recallLotRows(r: RecallRecord): Array<Record<string, unknown>> {
  const affected = new Map((r.affected ?? []).map((a) => [a.lot, a]));
  const recalled = r.scope
    .filter((lot) => !affected.has(lot))
    .map((lot_id) => ({ recall_id: r.id, lot_id, status: 'recalled', owner: null, confirmed_by: null, confirmed_at: null }));
  const pending = [...affected.values()].map((a) => ({
    recall_id: r.id,
    lot_id: a.lot,
    status: a.confirmedAt ? 'recalled' : 'affected',
    owner: a.owner ?? null,
    confirmed_by: a.confirmedBy ?? null,
    confirmed_at: a.confirmedAt ?? null,
  }));
  return [...recalled, ...pending];
}

async function recallOpened(trx: Knex.Transaction, at: LedgerEvent, p: LedgerEventPayloads['RecallOpened']): Promise<void> {
  const r = p.recall;
  await trx('recalls')
    .insert({
      id: r.id,
      opened_by: r.openedBy.enterpriseId ?? r.openedBy.role,
      record: JSON.stringify(r),
      status: r.status,
      tx_id: r.txId,
      block_number: at.blockNumber,
      opened_at: r.openedAt,
    })
    .onConflict('id')
    .ignore();
  await insertRows(trx, 'recall_lots', RECALL_LOT_COLUMNS, recallLotRows(r), 'ON CONFLICT DO NOTHING');
  await upsertObjects(trx, p.objects, at.blockNumber);
}

async function recallConfirmed(trx: Knex.Transaction, at: LedgerEvent, p: LedgerEventPayloads['RecallConfirmed']): Promise<void> {
  const r = p.recall;
  await trx('recalls')
    .where({ id: r.id })
    .update({ record: JSON.stringify(r) });
  const updates = RECALL_LOT_COLUMNS.slice(2)
    .map(([n]) => `"${n}" = excluded."${n}"`)
    .join(', ');
  await insertRows(
    trx,
    'recall_lots',
    RECALL_LOT_COLUMNS,
    recallLotRows(r).filter((row) => p.lots.includes(row.lot_id as string)),
    `ON CONFLICT (recall_id, lot_id) DO UPDATE SET ${updates}`,
  );
  await upsertObjects(trx, p.objects, at.blockNumber);
}

/** Writes the rows one ledger event of kind `K` implies; idempotent, so a replay changes nothing. */
export type Projection<K extends LedgerEventName> = (
  trx: Knex.Transaction,
  at: LedgerEvent,
  payload: LedgerEventPayloads[K],
) => Promise<void>;

/** Projections by chaincode event name, each typed by its payload; features add theirs when the service is assembled. */
export type Projections = { readonly [K in LedgerEventName]?: Projection<K> };

function isEventName(name: string, projections: Projections): name is LedgerEventName {
  return Object.hasOwn(projections, name);
}

async function runProjection<K extends LedgerEventName>(
  projections: Projections,
  name: K,
  trx: Knex.Transaction,
  at: LedgerEvent,
): Promise<void> {
  const projection: Projections[K] = projections[name];
  // The one place a chaincode event's payload takes its type: the rules in core emitted it under this name.
  if (projection) await projection(trx, at, JSON.parse(at.payload) as LedgerEventPayloads[K]);
}

/** Writes the rows of one ledger event with the projection for its name; events no projection knows write nothing. */
export async function project(projections: Projections, trx: Knex.Transaction, event: LedgerEvent): Promise<void> {
  if (isEventName(event.name, projections)) await runProjection(projections, event.name, trx, event);
}

export const coreProjections: Projections = {
  EventsRecorded: eventsRecorded,
  EnterpriseRegistered: enterpriseRegistered,
  RecallOpened: recallOpened,
  RecallConfirmed: recallConfirmed,
};
