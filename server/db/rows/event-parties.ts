/** `event_parties`: who is party to each event (the read rule). */
export interface EventPartyRow {
  event_id: string;
  enterprise_id: string;
}
