import type { RiskGradingRecord } from '../../../chaincode/src/core/supervision-grades';
import type { Int8, Timestamptz } from './columns';

/** `risk_gradings`: risk grading runs. */
export interface RiskGradingRow {
  id: string;
  rules_version: string;
  as_of_height: Int8;
  record: RiskGradingRecord;
  tx_id: string;
  block_number: Int8;
  recorded_at: Timestamptz;
}
