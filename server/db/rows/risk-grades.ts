import type { RiskFactor } from '../../../chaincode/src/core/supervision-grades';
import type { Int8, Timestamptz } from './columns';

/** `risk_grades`: the grade each run gave each enterprise. */
export interface RiskGradeRow {
  grading_id: string;
  enterprise_id: string;
  grade: number;
  score: number;
  factors: RiskFactor[];
  block_number: Int8;
  recorded_at: Timestamptz;
}
