import type { InspectionPlanRecord } from '../../../chaincode/src/core/supervision-inspections';
import type { Int8, Timestamptz } from './columns';

/** `inspection_plans`: inspection plans, with their draw once made. */
export interface InspectionPlanRow {
  id: string;
  status: string;
  title: string;
  record: InspectionPlanRecord;
  tx_id: string;
  block_number: Int8;
  recorded_at: Timestamptz;
  draw_tx_id: string | null;
  seed_block: Int8 | null;
  drawn_at: Timestamptz | null;
}
