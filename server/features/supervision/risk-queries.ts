import type { Knex } from 'knex';
import { rawRows } from '../../db/raw-rows';
import type { RiskGradeRow } from '../../db/rows/risk-grades';

/** The grade an enterprise was given by the latest grading run recorded on the ledger. */
export interface RecordedGrade {
  readonly grade: 1 | 2 | 3;
  readonly score: number;
  readonly gradingId: string;
  readonly recordedAt: string;
  readonly blockNumber: number;
}

/** Each enterprise's latest recorded grade, by enterprise id. */
export async function latestRecordedGrades(knex: Knex): Promise<Map<string, RecordedGrade>> {
  const rows = await rawRows<Pick<RiskGradeRow, 'enterprise_id' | 'grade' | 'score' | 'grading_id' | 'recorded_at' | 'block_number'>>(
    knex,
    `select distinct on (enterprise_id) enterprise_id, grade, score, grading_id, recorded_at, block_number
     from risk_grades order by enterprise_id, block_number desc, recorded_at desc`,
  );
  return new Map(
    rows.map((r) => [
      r.enterprise_id,
      {
        grade: r.grade as 1 | 2 | 3,
        score: r.score,
        gradingId: r.grading_id,
        recordedAt: new Date(r.recorded_at).toISOString(),
        blockNumber: Number(r.block_number),
      },
    ]),
  );
}

/** Grading runs, newest first: who graded, when, under which rules. */
export async function gradingRuns(knex: Knex, limit: number): Promise<Array<Record<string, unknown>>> {
  const rows = await knex('risk_gradings')
    .select('record', 'block_number')
    .orderBy([{ column: 'block_number', order: 'desc' }, { column: 'id' }])
    .limit(limit);
  return rows.map((r) => {
    const { grades: _grades, ...rest } = r.record;
    return { ...rest, blockNumber: Number(r.block_number) };
  });
}
