import type { InspectorRecord } from '../../../chaincode/src/core/supervision-lists';
import type { Int8 } from './columns';

/** `inspectors`: the standing list of inspectors. */
export interface InspectorRow {
  id: string;
  record: InspectorRecord;
  tx_id: string;
  block_number: Int8;
  tx_index: number;
}
