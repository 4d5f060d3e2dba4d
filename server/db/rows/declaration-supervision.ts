import type { SupervisionRecord } from '../../../chaincode/src/core/declarations';
import type { Int8, Timestamptz } from './columns';

/** `declaration_supervision`: spot checks of declarations. */
export interface DeclarationSupervisionRow {
  tx_id: string;
  declaration_id: string;
  version: number;
  enterprise_id: string;
  result: string;
  record: SupervisionRecord;
  block_number: Int8;
  recorded_at: Timestamptz;
}
