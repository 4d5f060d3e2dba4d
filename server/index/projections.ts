import type { Knex } from 'knex';
import type { LedgerEventName, LedgerEventPayloads } from '../../chaincode/src/core/ledger-events';
import type { RecallRecord } from '../../chaincode/src/core/recalls';
import type { LedgerEvent } from '../ledger/trace-ledger';
import { insertRows, lockSurrogateKeys, type Column } from './bulk';
import { eventsRecorded } from './event-projection';
import { writeObjects } from './identifier-writes';

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
  await lockSurrogateKeys(trx);
  await writeObjects(trx, p.objects, at.blockNumber);
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
  await lockSurrogateKeys(trx);
  await writeObjects(trx, p.objects, at.blockNumber);
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
