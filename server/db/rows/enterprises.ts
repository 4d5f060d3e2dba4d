import type { EnterpriseRecord, Location } from '../../../chaincode/src/core/model';
import type { Int8, Timestamptz } from './columns';

/** `enterprises`: registered enterprises. */
export interface EnterpriseRow {
  id: string;
  name: string;
  company_prefixes: string[];
  locations: Location[];
  identity: EnterpriseRecord['identity'];
  tx_id: string;
  block_number: Int8;
  registered_at: Timestamptz;
}
