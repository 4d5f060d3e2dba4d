import type { RecallRecord } from '../../../chaincode/src/core/recalls';
import type { Int8, Timestamptz } from './columns';

/** `recalls`: recall notices. */
export interface RecallRow {
  id: string;
  opened_by: string;
  record: RecallRecord;
  status: string;
  tx_id: string;
  block_number: Int8;
  opened_at: Timestamptz;
}
