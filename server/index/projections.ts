import type { Knex } from 'knex';
import { parseIdentifier, productOf } from '../../chaincode/src/core/identifiers';
import type { EnterpriseRecord, EventRecord, ObjectState } from '../../chaincode/src/core/model';
import type { RecallRecord } from '../../chaincode/src/core/recalls';
import type { LedgerEvent } from '../ledger/trace-ledger';
import { insertRows, type Column } from './bulk';
import { nodeResolver, rowsForEvent } from './event-rows';

const EVENT_COLUMNS: Column[] = [
  ['event_id', 'text'], ['event_type', 'text'], ['event_time', 'timestamptz'], ['record_time', 'timestamptz'], ['action', 'text'],
  ['biz_step', 'text'], ['disposition', 'text'], ['read_point', 'text'], ['biz_location', 'text'], ['recorder', 'text'],
  ['tx_id', 'text'], ['block_number', 'bigint'], ['tx_index', 'integer'], ['position', 'integer'], ['error_declaration', 'jsonb'], ['doc', 'jsonb'],
];
const EPC_COLUMNS: Column[] = [['event_id', 'text'], ['role', 'text'], ['epc', 'text'], ['node_id', 'text'], ['epc_class', 'text'], ['quantity', 'numeric'], ['uom', 'text']];
const EDGE_COLUMNS: Column[] = [['from_id', 'text'], ['to_id', 'text'], ['type', 'text'], ['event_id', 'text']];
const CUSTODY_COLUMNS: Column[] = [['event_id', 'text'], ['node_id', 'text'], ['direction', 'text'], ['type', 'text'], ['party', 'text']];
const IDENTIFIER_COLUMNS: Column[] = [
  ['id', 'text'], ['kind', 'text'], ['product', 'text'], ['lot_id', 'text'], ['owner', 'text'], ['custodian', 'text'], ['last_disposition', 'text'],
  ['recalled', 'boolean'], ['recall_ids', 'jsonb'], ['first_event_id', 'text'], ['last_event_id', 'text'], ['updated_block', 'bigint'],
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
    id: o.id, kind, product: product ?? null, lot_id: o.lot ?? null, owner: o.owner ?? null, custodian: o.custodian ?? null,
    last_disposition: o.lastDisposition ?? null, recalled: o.recalled, recall_ids: o.recallIds,
    first_event_id: o.firstEventID || null, last_event_id: o.lastEventID || null, updated_block: block,
  };
}

async function upsertObjects(trx: Knex.Transaction, objects: readonly ObjectState[], block: number): Promise<void> {
  const updates = IDENTIFIER_COLUMNS.filter(([n]) => n !== 'id').map(([n]) => `"${n}" = excluded."${n}"`).join(', ');
  await insertRows(trx, 'identifiers', IDENTIFIER_COLUMNS, objects.map((o) => identifierRow(o, block)), `ON CONFLICT (id) DO UPDATE SET ${updates} WHERE identifiers.updated_block <= excluded.updated_block`);
}

async function markDeclarations(trx: Knex.Transaction, events: readonly EventRecord[]): Promise<void> {
  for (const e of events.filter((r) => r.isErrorDeclaration)) {
    await trx('events').where({ event_id: e.eventID }).update({ error_declaration: JSON.stringify(e.event.errorDeclaration) });
  }
}

interface EventsRecorded {
  readonly events: readonly EventRecord[];
  readonly objects: readonly ObjectState[];
}

async function eventsRecorded(trx: Knex.Transaction, at: LedgerEvent, p: EventsRecorded): Promise<void> {
  const nodeOf = nodeResolver(p.objects);
  const rows = p.events.map((r, i) => rowsForEvent(r, at, i, nodeOf));
  await insertRows(trx, 'events', EVENT_COLUMNS, rows.map((r) => r.event), 'ON CONFLICT (event_id) DO NOTHING');
  await markDeclarations(trx, p.events);
  await insertRows(trx, 'event_epcs', EPC_COLUMNS, rows.flatMap((r) => r.epcs), 'ON CONFLICT DO NOTHING');
  await insertRows(trx, 'lineage_edges', EDGE_COLUMNS, rows.flatMap((r) => r.edges), 'ON CONFLICT DO NOTHING');
  await insertRows(trx, 'custody', CUSTODY_COLUMNS, rows.flatMap((r) => r.custody), 'ON CONFLICT DO NOTHING');
  await upsertObjects(trx, p.objects, at.blockNumber);
}

async function enterpriseRegistered(trx: Knex.Transaction, at: LedgerEvent, p: { enterprise: EnterpriseRecord }): Promise<void> {
  const e = p.enterprise;
  await trx('enterprises')
    .insert({ id: e.id, name: e.name, company_prefixes: JSON.stringify(e.companyPrefixes), locations: JSON.stringify(e.locations), identity: JSON.stringify(e.identity), tx_id: e.txId, block_number: at.blockNumber, registered_at: e.registeredAt })
    .onConflict('id')
    .ignore();
}

async function recallOpened(trx: Knex.Transaction, at: LedgerEvent, p: { recall: RecallRecord; objects: readonly ObjectState[] }): Promise<void> {
  const r = p.recall;
  await trx('recalls').insert({ id: r.id, opened_by: r.openedBy.enterpriseId ?? r.openedBy.role, record: JSON.stringify(r), status: r.status, tx_id: r.txId, block_number: at.blockNumber, opened_at: r.openedAt }).onConflict('id').ignore();
  await insertRows(trx, 'recall_lots', [['recall_id', 'text'], ['lot_id', 'text']], r.scope.map((lot_id) => ({ recall_id: r.id, lot_id })), 'ON CONFLICT DO NOTHING');
  await upsertObjects(trx, p.objects, at.blockNumber);
}

/** Writes the rows one ledger event implies; idempotent, so a replay changes nothing. */
export type Projection = (trx: Knex.Transaction, at: LedgerEvent, payload: never) => Promise<void>;

/** Projections by chaincode event name; features add theirs when the service is assembled. */
export const coreProjections: Readonly<Record<string, Projection>> = {
  EventsRecorded: eventsRecorded as Projection,
  EnterpriseRegistered: enterpriseRegistered as Projection,
  RecallOpened: recallOpened as Projection,
};
