import type { Timestamptz } from './columns';

/** `index_binding`: the ledger the index was built from. */
export interface IndexBindingRow {
  name: string;
  ledger_id: string;
  bound_at: Timestamptz;
}
