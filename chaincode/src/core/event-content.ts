import { stableStringify } from './json';
import type { EventRecord, ObjectState } from './model';

/** What one event leaves behind: a record to emit and the objects it changed, or nothing new. */
export type Applied =
  { readonly duplicate: true } | { readonly duplicate: false; readonly record: EventRecord; readonly objects: readonly ObjectState[] };

/** The content two captures of one eventID are compared on: everything but what the ledger adds. */
export function contentOf(event: Readonly<Record<string, unknown>>, eventID: string): string {
  const { recordTime: _r, errorDeclaration: _e, ...rest } = event;
  return stableStringify({ ...rest, eventID });
}
