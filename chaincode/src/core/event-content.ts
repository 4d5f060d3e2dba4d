import { stableStringify } from './json';

/** An object's new state and its stable JSON, serialised once for the write and the chaincode event. */
export interface ChangedObject {
  readonly id: string;
  readonly json: string;
}

/**
 * What one event leaves behind: its record (stable JSON) to emit and the objects it changed, or
 * nothing new. Both are serialised once, where they are written, and reused for the event payload.
 */
export type Applied =
  { readonly duplicate: true } | { readonly duplicate: false; readonly record: string; readonly objects: readonly ChangedObject[] };

/**
 * The `EventsRecorded` payload from parts already serialised with `stableStringify`: byte for byte
 * `stableStringify({ events, objects, recorder, rejected })` (its keys are already in sorted order).
 */
export function recordedPayload(recorder: string, events: readonly string[], objects: Iterable<string>, rejected: unknown): string {
  return `{"events":[${events.join(',')}],"objects":[${[...objects].join(',')}],"recorder":${JSON.stringify(recorder)},"rejected":${stableStringify(rejected)}}`;
}

/** The content two captures of one eventID are compared on: everything but what the ledger adds. */
export function contentOf(event: Readonly<Record<string, unknown>>, eventID: string): string {
  const { recordTime: _r, errorDeclaration: _e, ...rest } = event;
  return stableStringify({ ...rest, eventID });
}
