import type { InspectionItemRecord } from '../../../chaincode/src/core/supervision-lists';
import type { Int8 } from './columns';

/** `inspection_items`: the standing list of inspection items. */
export interface InspectionItemRow {
  id: string;
  record: InspectionItemRecord;
  tx_id: string;
  block_number: Int8;
  tx_index: number;
}
