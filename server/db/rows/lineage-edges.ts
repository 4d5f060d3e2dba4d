/** `lineage_edges`: transformation and aggregation edges between lineage nodes. */
export interface LineageEdgeRow {
  from_id: string;
  to_id: string;
  type: string;
  event_id: string;
}
