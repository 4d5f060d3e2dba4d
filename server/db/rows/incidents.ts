import type { IncidentRecord } from '../../../chaincode/src/core/incidents';
import type { Int8, Timestamptz } from './columns';

/** `incidents`: incident reports. */
export interface IncidentIndexRow {
  id: string;
  enterprise_id: string;
  status: string;
  severity: string;
  late: boolean;
  occurred_at: Timestamptz;
  aware_at: Timestamptz;
  reported_at: Timestamptz;
  due_at: Timestamptz;
  recall_id: string | null;
  record: IncidentRecord;
  tx_id: string;
  block_number: Int8;
  tx_index: number;
}
