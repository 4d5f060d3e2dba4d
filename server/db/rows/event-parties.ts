import type { Int8 } from './columns';

/** `event_parties`: who is party to each event (the read rule), the event by surrogate key. */
export interface EventPartyRow {
  event_seq: Int8;
  enterprise_id: string;
}

/** `v_event_parties`: `event_parties` with the event's text id. */
export interface EventPartyView {
  event_id: string;
  enterprise_id: string;
  event_seq: Int8;
}
