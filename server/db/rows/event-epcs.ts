import type { Numeric } from './columns';

/** `event_epcs`: the identifiers an event names, by role, with each one's lineage node. */
export interface EventEpcRow {
  event_id: string;
  role: string;
  epc: string;
  node_id: string;
  epc_class: string | null;
  quantity: Numeric | null;
  uom: string | null;
}
