import type { Knex } from 'knex';
import type { IncidentRecord } from '../../chaincode/src/core/incidents';
import type { LedgerEvent } from '../ledger/trace-ledger';
import { insertRows, type Column } from './bulk';
import type { Projections } from './projections';

const HISTORY_COLUMNS: Column[] = [
  ['incident_id', 'text'],
  ['seq', 'integer'],
  ['status', 'text'],
  ['note', 'text'],
  ['recall_id', 'text'],
  ['tx_id', 'text'],
  ['at', 'timestamptz'],
];

function incidentRow(i: IncidentRecord, at: LedgerEvent): Record<string, unknown> {
  return {
    id: i.id,
    enterprise_id: i.enterpriseId,
    status: i.status,
    severity: i.severity,
    late: i.late,
    occurred_at: i.occurredAt,
    aware_at: i.awareAt,
    reported_at: i.reportedAt,
    due_at: i.dueAt,
    recall_id: i.recallId ?? null,
    record: JSON.stringify(i),
    tx_id: i.txId,
    block_number: at.blockNumber,
    tx_index: at.txIndex,
  };
}

// Guarded by ledger position so replaying an older event never overwrites a newer row.
async function upsertIncident(trx: Knex.Transaction, i: IncidentRecord, at: LedgerEvent): Promise<void> {
  const row = incidentRow(i, at);
  const cols = Object.keys(row);
  const updates = cols
    .filter((k) => k !== 'id')
    .map((k) => `"${k}" = excluded."${k}"`)
    .join(', ');
  await trx.raw(
    `INSERT INTO incidents (${cols.map((k) => `"${k}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})
     ON CONFLICT (id) DO UPDATE SET ${updates} WHERE (incidents.block_number, incidents.tx_index) < (excluded.block_number, excluded.tx_index)`,
    Object.values(row) as Knex.ValueDict[string][],
  );
}

async function incidentChanged(trx: Knex.Transaction, at: LedgerEvent, p: { incident: IncidentRecord }): Promise<void> {
  const i = p.incident;
  await upsertIncident(trx, i, at);
  await insertRows(
    trx,
    'incident_products',
    [
      ['incident_id', 'text'],
      ['gtin', 'text'],
    ],
    i.products.map((pr) => ({ incident_id: i.id, gtin: pr.gtin })),
    'ON CONFLICT DO NOTHING',
  );
  const history = i.history.map((h, seq) => ({
    incident_id: i.id,
    seq,
    status: h.status,
    note: h.note,
    recall_id: h.recallId ?? null,
    tx_id: h.txId,
    at: h.at,
  }));
  await insertRows(trx, 'incident_status_history', HISTORY_COLUMNS, history, 'ON CONFLICT DO NOTHING');
}

/** Projections of the incident transactions. */
export const incidentProjections: Projections = {
  IncidentReported: incidentChanged,
  IncidentStatusChanged: incidentChanged,
};
