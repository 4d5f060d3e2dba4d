import { eventBoundIssues, HARD_LIMITS, type EventLimits } from '../../../chaincode/src/core/bounds';
import { eventHashId, namespacesFromContext } from '../../epcis/event-hash';
import { fieldErrors } from '../../http/validate';
import { epcisEventSchema } from './epcis-schemas';

/** An event ready for the ledger: its position in the document, its id, and its JSON as captured. */
export interface PreparedEvent {
  readonly index: number;
  readonly eventID: string;
  readonly event: Readonly<Record<string, unknown>>;
}

/** Why one event of a capture was not recorded. */
export interface CaptureError {
  readonly index: number;
  readonly eventID?: string;
  readonly path: string;
  readonly message: string;
  readonly code: string;
}

export interface Prepared {
  readonly events: PreparedEvent[];
  readonly errors: CaptureError[];
}

function extensionContexts(context: unknown): unknown[] {
  const list = Array.isArray(context) ? context : context === undefined ? [] : [context];
  return list.filter((c) => typeof c === 'object' && c !== null);
}

/** Field errors for the sizes the index needs (the chaincode's checks, with the service's limits). */
function boundErrors(raw: unknown, limits: EventLimits, at: string): Array<{ path: string; message: string }> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return [];
  return eventBoundIssues(raw as Record<string, unknown>, limits).map((i) => ({
    path: i.path ? `${at}.${i.path}` : at,
    message: i.message,
  }));
}

/**
 * Validates each event on its own (so every error names its position and field) against the
 * schema and the storage bounds in `limits`, assigns the CBV event hash id where the event has
 * none, and keeps the document's extension namespaces with it.
 */
export function prepareEvents(
  rawEvents: readonly unknown[],
  documentContext: unknown,
  pathPrefix = 'epcisBody.eventList',
  limits: EventLimits = HARD_LIMITS,
): Prepared {
  const namespaces = namespacesFromContext(documentContext);
  const extra = extensionContexts(documentContext);
  const events: PreparedEvent[] = [];
  const errors: CaptureError[] = [];
  rawEvents.forEach((raw, index) => {
    const parsed = epcisEventSchema.safeParse(raw);
    const found = parsed.success ? [] : fieldErrors(parsed.error, `${pathPrefix}[${index}]`);
    const paths = new Set(found.map((e) => e.path));
    found.push(...boundErrors(raw, limits, `${pathPrefix}[${index}]`).filter((e) => !paths.has(e.path)));
    if (found.length > 0) {
      for (const e of found) errors.push({ index, path: e.path, message: e.message, code: 'INVALID' });
      return;
    }
    const event = raw as Record<string, unknown>;
    const eventID =
      typeof event.eventID === 'string'
        ? event.eventID
        : eventHashId(event, { ...namespacesFromContext(event['@context']), ...namespaces });
    const withContext = extra.length > 0 && event['@context'] === undefined ? { ...event, '@context': extra } : event;
    events.push({ index, eventID, event: withContext });
  });
  return { events, errors };
}
