import type { InspectionResultRecord } from '../../../chaincode/src/core/supervision-inspections';
import type { Int8, Timestamptz } from './columns';

/** `inspection_results`: inspection results (one per drawn target and plan). */
export interface InspectionResultRow {
  id: string;
  plan_id: string;
  enterprise_id: string;
  outcome: string;
  record: InspectionResultRecord;
  tx_id: string;
  block_number: Int8;
  recorded_at: Timestamptz;
}
