import type { CaptureError } from '../../features/epcis/prepare-events';
import type { Int8, Timestamptz } from './columns';

/** `capture_jobs`: EPCIS capture jobs. */
export interface CaptureJobRow {
  id: string;
  status: 'running' | 'success' | 'failed';
  behaviour: string;
  enterprise_id: string | null;
  tx_id: string | null;
  event_count: number;
  errors: CaptureError[];
  event_ids: string[];
  /** Events the ledger already had with identical content: reported, not errors. */
  duplicates: Array<{ index: number; eventID: string }>;
  block_number: Int8 | null;
  /** Transactions the job is recorded in: 1, or more for a proceed document larger than one transaction. */
  parts: number;
  /** Each committed part's transaction, in order, as it lands (a job in one transaction keeps `tx_id` only). */
  transactions: Array<{ txId: string; blockNumber: number }>;
  created_at: Timestamptz;
  finished_at: Timestamptz | null;
}
