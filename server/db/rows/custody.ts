import type { Int8 } from './columns';

/** `custody`: sources, destinations and locations of each event's nodes (event and node by surrogate key). */
export interface CustodyRow {
  event_seq: Int8;
  node_seq: Int8;
  direction: string;
  type: string;
  party: string;
}

/** `v_custody`: `custody` with its text ids. */
export interface CustodyView {
  event_id: string;
  node_id: string;
  direction: string;
  type: string;
  party: string;
  event_seq: Int8;
  node_seq: Int8;
}
