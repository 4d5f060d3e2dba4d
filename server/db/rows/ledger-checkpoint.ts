import type { Int8, Timestamptz } from './columns';

/** `ledger_checkpoint`: how far the indexer got (one row per named checkpoint). */
export interface LedgerCheckpointRow {
  name: string;
  block_number: Int8;
  tx_index: number;
  updated_at: Timestamptz;
}
