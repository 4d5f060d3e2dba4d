import type { Int8, Timestamptz } from './columns';

/** `events`: one recorded EPCIS event, its query columns and the whole document. */
export interface EventRow {
  event_id: string;
  event_type: string;
  event_time: Timestamptz;
  record_time: Timestamptz;
  action: string | null;
  biz_step: string | null;
  disposition: string | null;
  read_point: string | null;
  biz_location: string | null;
  recorder: string;
  tx_id: string;
  block_number: Int8;
  tx_index: number;
  position: number;
  error_declaration: Record<string, unknown> | null;
  doc: Record<string, unknown>;
  /** Surrogate key the child tables reference: in ledger order. */
  seq: Int8;
}
