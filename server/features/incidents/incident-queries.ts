import type { Knex } from 'knex';
import type { IncidentRecord } from '../../../chaincode/src/core/incidents';
import type { IncidentIndexRow } from '../../db/rows/incidents';
import type { IncidentQuery } from './incident-schemas';

export interface IncidentRow {
  readonly record: IncidentRecord;
  readonly blockNumber: number;
}

export interface LinkedRecall {
  readonly id: string;
  readonly status: string;
  readonly openedAt: string;
  readonly txId: string;
}

function toRow(r: Pick<IncidentIndexRow, 'record' | 'block_number'>): IncidentRow {
  return { record: r.record, blockNumber: Number(r.block_number) };
}

/** Incidents matching the filters, newest report first; `enterpriseId` confines the list to one reporter. */
export async function listIncidents(knex: Knex, q: IncidentQuery, enterpriseId: string | undefined): Promise<IncidentRow[]> {
  const query = knex('incidents as i').select<Array<Pick<IncidentIndexRow, 'record' | 'block_number'>>>('i.record', 'i.block_number');
  const reporter = enterpriseId ?? q.enterprise;
  if (reporter) query.where('i.enterprise_id', reporter);
  if (q.status) query.where('i.status', q.status);
  if (q.severity) query.where('i.severity', q.severity);
  if (q.late !== undefined) query.where('i.late', q.late);
  if (q.gtin) query.whereExists(knex('incident_products as p').whereRaw('p.incident_id = i.id').where('p.gtin', q.gtin.padStart(14, '0')));
  const rows = await query
    .orderBy([{ column: 'i.reported_at', order: 'desc' }, { column: 'i.id' }])
    .limit(q.limit)
    .offset(q.offset);
  return rows.map(toRow);
}

/** One incident, or undefined. */
export async function findIncident(knex: Knex, id: string): Promise<IncidentRow | undefined> {
  const row = await knex('incidents').where({ id }).first('record', 'block_number');
  return row ? toRow(row) : undefined;
}

/** Recalls linked to an incident: the one named on its status change, and any opened citing the incident. */
export async function recallsOfIncident(knex: Knex, incident: IncidentRecord): Promise<LinkedRecall[]> {
  const rows = await knex('recalls')
    .select('id', 'status', 'opened_at', 'tx_id')
    .where((w) => {
      w.whereRaw(`record->>'incidentId' = ?`, [incident.id]);
      if (incident.recallId) w.orWhere('id', incident.recallId);
    })
    .orderBy('opened_at');
  return rows.map((r) => ({ id: r.id, status: r.status, openedAt: new Date(r.opened_at).toISOString(), txId: r.tx_id }));
}
