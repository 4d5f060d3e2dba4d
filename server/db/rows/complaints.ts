import type { Timestamptz } from './columns';

/** `complaints`: consumer complaints about an identifier. */
export interface ComplaintRow {
  id: string;
  subject_id: string;
  owner: string | null;
  message: string;
  contact: string | null;
  created_at: Timestamptz;
}
