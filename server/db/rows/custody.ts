/** `custody`: sources, destinations and locations of each event's nodes. */
export interface CustodyRow {
  event_id: string;
  node_id: string;
  direction: string;
  type: string;
  party: string;
}
