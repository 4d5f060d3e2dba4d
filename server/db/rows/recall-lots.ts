import type { Timestamptz } from './columns';

/** `recall_lots`: the lots a recall reaches and each one's standing. */
export interface RecallLotRow {
  recall_id: string;
  lot_id: string;
  status: 'recalled' | 'affected';
  owner: string | null;
  confirmed_by: string | null;
  confirmed_at: Timestamptz | null;
}
