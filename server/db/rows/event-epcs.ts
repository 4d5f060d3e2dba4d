import type { Int8, Numeric } from './columns';

/** `event_epcs`: the identifiers an event names, by role, with each one's lineage node, as surrogate keys. */
export interface EventEpcRow {
  event_seq: Int8;
  role: string;
  epc_seq: Int8;
  node_seq: Int8;
  class_seq: Int8 | null;
  quantity: Numeric | null;
  uom: string | null;
}

/** `v_event_epcs`: `event_epcs` with its text ids (and the event's and node's surrogate keys). */
export interface EventEpcView {
  event_id: string;
  role: string;
  epc: string;
  node_id: string;
  epc_class: string | null;
  quantity: Numeric | null;
  uom: string | null;
  event_seq: Int8;
  node_seq: Int8;
}
