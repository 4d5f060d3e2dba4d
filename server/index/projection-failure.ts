import { RuleError } from '../../chaincode/src/core/errors';
import type { LedgerEvent } from '../ledger/trace-ledger';
import type { QuarantinedEvent } from './quarantine-queries';

// SQLSTATE classes that say the data itself cannot be stored: 22 data exception, 23 integrity
// constraint violation, 54 program limit exceeded (an index row over the B-tree maximum).
const DATA_CLASSES = new Set(['22', '23', '54']);

function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * Whether a projection failure lies in the event itself, so retrying can never succeed: a data,
 * integrity or size error from Postgres, a rule the event breaks, or a payload the code cannot
 * read. Anything else (lost connections, timeouts, a database being restarted) is transient.
 */
export function isDataError(err: unknown): boolean {
  const state = sqlState(err);
  if (state) return DATA_CLASSES.has(state.slice(0, 2));
  return err instanceof RuleError || err instanceof SyntaxError || err instanceof TypeError || err instanceof RangeError;
}

const SUMMARY_CHARS = 500;
const MESSAGE_CHARS = 2000;

function eventIdsOf(payload: string): string[] {
  try {
    const parsed = JSON.parse(payload) as { events?: Array<{ eventID?: unknown }> };
    return (parsed.events ?? []).flatMap((e) => (typeof e.eventID === 'string' ? [e.eventID.slice(0, SUMMARY_CHARS)] : [])).slice(0, 100);
  } catch {
    return [];
  }
}

// Postgres text cannot hold NUL.
const withoutNul = (s: string): string => s.split('\u0000').join('');

/** What the quarantine keeps of an event that failed: position, ids and a bounded summary. */
export function quarantineEntry(event: LedgerEvent, err: unknown): Omit<QuarantinedEvent, 'quarantinedAt'> {
  const message = err instanceof Error ? err.message : String(err);
  return {
    blockNumber: event.blockNumber,
    txIndex: event.txIndex,
    txId: event.txId,
    eventName: event.name,
    eventIds: eventIdsOf(event.payload),
    payloadSummary: withoutNul(event.payload.slice(0, SUMMARY_CHARS)),
    payloadBytes: Buffer.byteLength(event.payload, 'utf8'),
    errorCode: sqlState(err) ?? (err instanceof RuleError ? err.code : null),
    errorMessage: withoutNul(message.slice(0, MESSAGE_CHARS)),
  };
}
