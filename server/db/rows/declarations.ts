import type { DeclarationRecord } from '../../../chaincode/src/core/declarations';
import type { Int8, Timestamptz } from './columns';

/** `declarations`: standard self-declarations, each at its current version. */
export interface DeclarationIndexRow {
  id: string;
  enterprise_id: string;
  status: string;
  current_version: number;
  standard_type: string;
  standard_number: string;
  search_text: string;
  record: DeclarationRecord;
  tx_id: string;
  block_number: Int8;
  tx_index: number;
  published_at: Timestamptz;
  updated_at: Timestamptz;
}
