import type { Int8, Timestamptz } from './columns';

/** `event_declarations`: errorDeclarations, beside the events they declare. */
export interface EventDeclarationRow {
  event_id: string;
  declared_by: string;
  declared_at: Timestamptz;
  tx_id: string;
  block_number: Int8;
  error_declaration: Record<string, unknown>;
  corrective_event_ids: string[];
}
