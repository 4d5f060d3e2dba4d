import type { Timestamptz } from './columns';

/** `incident_status_history`: an incident's status changes. */
export interface IncidentStatusRow {
  incident_id: string;
  seq: number;
  status: string;
  note: string;
  recall_id: string | null;
  tx_id: string;
  at: Timestamptz;
}
