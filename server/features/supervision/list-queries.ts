import type { Knex } from 'knex';
import type { InspectionItemRecord, InspectorRecord } from '../../../chaincode/src/core/supervision-lists';

/** The inspection checklist (一单), by id. */
export async function listItems(knex: Knex): Promise<InspectionItemRecord[]> {
  return (await knex('inspection_items').select('record').orderBy('id')).map((r) => r.record);
}

/** The inspector pool, by id; `activeOnly` leaves out inspectors taken off it. */
export async function listInspectors(knex: Knex, activeOnly: boolean): Promise<InspectorRecord[]> {
  const query = knex('inspectors').select('record').orderBy('id');
  if (activeOnly) query.whereRaw(`(record->>'active')::boolean`);
  return (await query).map((r) => r.record);
}
