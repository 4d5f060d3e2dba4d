import type { Int8, Timestamptz } from './columns';

/** `index_quarantine`: ledger events the indexer could not project. */
export interface QuarantineRow {
  block_number: Int8;
  tx_index: number;
  tx_id: string;
  event_name: string;
  event_ids: string[];
  payload_summary: string;
  payload_bytes: number;
  error_code: string | null;
  error_message: string;
  quarantined_at: Timestamptz;
}
