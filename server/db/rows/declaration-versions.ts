import type { DeclarationVersion } from '../../../chaincode/src/core/declarations';
import type { Int8, Timestamptz } from './columns';

/** `declaration_versions`: every version of every declaration. */
export interface DeclarationVersionRow {
  declaration_id: string;
  version: number;
  status: string;
  record: DeclarationVersion;
  tx_id: string;
  block_number: Int8;
  created_at: Timestamptz;
}
