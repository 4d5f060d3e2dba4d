import type { Int8 } from './columns';

/** `lineage_edges`: transformation and aggregation edges between lineage nodes (identifiers' surrogate keys). */
export interface LineageEdgeRow {
  from_seq: Int8;
  to_seq: Int8;
  type: string;
  event_seq: Int8;
}

/** `v_lineage_edges`: `lineage_edges` with its text ids. */
export interface LineageEdgeView {
  from_id: string;
  to_id: string;
  type: string;
  event_id: string;
  from_seq: Int8;
  to_seq: Int8;
  event_seq: Int8;
}
