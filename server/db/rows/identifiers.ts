import type { Int8 } from './columns';

/** `identifiers`: each identifier's latest state. */
export interface IdentifierRow {
  id: string;
  kind: string;
  product: string | null;
  lot_id: string | null;
  owner: string | null;
  custodian: string | null;
  last_disposition: string | null;
  recalled: boolean;
  recall_ids: string[];
  first_event_id: string | null;
  last_event_id: string | null;
  updated_block: Int8;
  /** Surrogate key the child tables reference: in the order identifiers were first named (with gaps). */
  seq: Int8;
}
