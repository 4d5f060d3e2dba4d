import type { Knex } from 'knex';
import type { InspectionPlanRecord, InspectionResultRecord } from '../../../chaincode/src/core/supervision-inspections';
import type { InspectionPlanRow } from '../../db/rows/inspection-plans';
import type { InspectionResultRow } from '../../db/rows/inspection-results';

export interface PlanRow {
  readonly record: InspectionPlanRecord;
  /** The block the plan was committed in. */
  readonly blockNumber: number;
}

/** One plan, or undefined. */
export async function findPlan(knex: Knex, id: string): Promise<PlanRow | undefined> {
  const row = await knex('inspection_plans').where({ id }).first('record', 'block_number');
  return row ? { record: row.record, blockNumber: Number(row.block_number) } : undefined;
}

/** Plans, newest first. */
export async function listPlans(knex: Knex, limit: number): Promise<PlanRow[]> {
  const rows = await knex('inspection_plans')
    .select('record', 'block_number')
    .orderBy([{ column: 'block_number', order: 'desc' }, { column: 'id' }])
    .limit(limit);
  return rows.map((r) => ({ record: r.record, blockNumber: Number(r.block_number) }));
}

/** Results of the given plans (or of one enterprise), oldest first. */
export async function listResults(
  knex: Knex,
  filter: { readonly planIds?: readonly string[]; readonly enterpriseId?: string },
): Promise<Array<InspectionResultRecord & { blockNumber: number }>> {
  const query = knex('inspection_results')
    .select('record', 'block_number')
    .orderBy([{ column: 'recorded_at' }, { column: 'id' }]);
  if (filter.planIds) query.whereIn('plan_id', [...filter.planIds]);
  if (filter.enterpriseId) query.where('enterprise_id', filter.enterpriseId);
  const rows = await query;
  return rows.map((r) => ({ ...r.record, blockNumber: Number(r.block_number) }));
}

/** Registered enterprises that match a plan's target filter, with the grade of the latest recorded run (3 when ungraded). */
export async function targetPool(
  knex: Knex,
  filter: { readonly enterprises?: readonly string[]; readonly region?: string; readonly category?: string },
): Promise<Array<{ enterpriseId: string; grade: 1 | 2 | 3 }>> {
  const query = knex('enterprises as e')
    .select<Array<{ id: string; grade: 1 | 2 | 3 }>>(
      'e.id',
      knex.raw(
        `coalesce((select g.grade from risk_grades g where g.enterprise_id = e.id order by g.block_number desc, g.recorded_at desc limit 1), 3) as grade`,
      ),
    )
    .orderBy('e.id');
  if (filter.enterprises) query.whereIn('e.id', [...filter.enterprises]);
  if (filter.region)
    query.whereRaw(`exists (select 1 from jsonb_array_elements(e.locations) l where l->>'province' = ? or l->>'city' = ?)`, [
      filter.region,
      filter.region,
    ]);
  if (filter.category) {
    query.whereRaw(
      `exists (select 1 from declarations d join declaration_versions v on v.declaration_id = d.id and v.version = d.current_version
        where d.enterprise_id = e.id and d.status = 'active' and v.record->'products' @> ?::jsonb)`,
      [JSON.stringify([{ category: filter.category }])],
    );
  }
  // A grade is 1, 2 or 3 (the risk rules give no other; none recorded counts as 3).
  return (await query).map((r) => ({ enterpriseId: r.id, grade: r.grade }));
}

/** An enterprise's latest inspection result, with its plan's title; undefined when it has none. */
export async function latestResultOf(
  knex: Knex,
  enterpriseId: string,
): Promise<{ record: InspectionResultRecord; title: string; blockNumber: number } | undefined> {
  const row = await knex('inspection_results as r')
    .join('inspection_plans as p', 'p.id', 'r.plan_id')
    .where('r.enterprise_id', enterpriseId)
    .orderBy([{ column: 'r.block_number', order: 'desc' }, { column: 'r.id' }])
    .first<(Pick<InspectionResultRow, 'record' | 'block_number'> & Pick<InspectionPlanRow, 'title'>) | undefined>(
      'r.record',
      'p.title',
      'r.block_number',
    );
  return row ? { record: row.record, title: row.title, blockNumber: Number(row.block_number) } : undefined;
}
