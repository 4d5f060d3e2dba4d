import { caller } from './access';
import { contentOf, recordedPayload, type Applied } from './event-content';
import { declareError } from './error-declarations';
import { checkOwnSide, checkRegulatorEvent, counterparties, type EventScope, type Recorder } from './event-access';
import { checkEventId } from './bounds';
import { eventFacts } from './event-facts';
import { applyObjects } from './event-objects';
import { conflict, forbidden, invalid, notFound, RuleError } from './errors';
import { stableStringify } from './json';
import { K, readJson } from './keys';
import type { EventRecord, ObjectState } from './model';
import { Staged } from './staged';
import type { LedgerState } from './state';

export interface EventInput {
  readonly eventID: string;
  readonly event: Readonly<Record<string, unknown>>;
}

export interface RecordEventsInput {
  readonly events: readonly EventInput[];
  /** Keep the valid events and report the others (GS1-Capture-Error-Behaviour: proceed). */
  readonly proceed?: boolean;
}

export interface RejectedEvent {
  readonly index: number;
  readonly eventID: string;
  readonly code: string;
  readonly message: string;
}

export interface RecordEventsResult {
  readonly accepted: readonly string[];
  /** Events already recorded with identical content: idempotent no-ops, not errors. */
  readonly duplicates?: readonly string[];
  readonly rejected: readonly RejectedEvent[];
}

function checkSame(stored: EventRecord, input: EventInput): void {
  if (contentOf(stored.event, stored.eventID) === contentOf(input.event, input.eventID)) return;
  throw conflict(`event ${input.eventID} is already recorded with different content (recorded by ${stored.recorder} in tx ${stored.txId})`);
}

async function applyEvent(scope: EventScope, input: EventInput, index: number): Promise<Applied> {
  const { state, staged, recorder } = scope;
  if (!input.eventID) throw invalid('eventID is required');
  checkEventId(input.eventID, `eventList[${index}].eventID`);
  const facts = eventFacts(input.event, `eventList[${index}]`);
  const stored = await readJson<EventRecord>(staged, state.key(K.event, [input.eventID]));
  if (facts.isErrorDeclaration) return declareError(scope, input, stored);
  if (stored) {
    checkSame(stored, input);
    return { duplicate: true };
  }
  if (recorder.regulator) checkRegulatorEvent(facts);
  await checkOwnSide(scope, facts);
  const event = { ...input.event, eventID: input.eventID, recordTime: state.txTime };
  const { shipsTo, parties } = await counterparties(scope, facts);
  const objects = await applyObjects(scope, { facts, event, eventID: input.eventID, shipsTo });
  const involved = [...new Set([...(recorder.regulator ? [] : [recorder.id]), ...parties])].sort();
  const record: EventRecord = {
    eventID: input.eventID,
    txId: state.txId,
    recorder: recorder.id,
    recordTime: state.txTime,
    event,
    isErrorDeclaration: false,
    parties: involved,
  };
  const json = stableStringify(record);
  staged.put(state.key(K.event, [input.eventID]), json);
  return { duplicate: false, record: json, objects };
}

function rejection(err: unknown, index: number, eventID: string): RejectedEvent {
  if (!(err instanceof RuleError)) throw err;
  return { index, eventID, code: err.code, message: err.detail };
}

async function recorderOf(state: LedgerState): Promise<Recorder> {
  const who = await caller(state);
  if (who.identity.role === 'regulator') return { id: `regulator:${who.identity.name}`, regulator: true, companyPrefixes: [] };
  if (who.identity.role !== 'enterprise')
    throw forbidden(`recording events needs role enterprise or regulator; caller is ${who.identity.role}`);
  if (!who.enterprise) throw forbidden("recording events: the caller's enterprise is not registered");
  return { id: who.enterprise.id, regulator: false, companyPrefixes: who.enterprise.companyPrefixes };
}

/** Records a batch of EPCIS events in one transaction; all or nothing unless `proceed`. */
export async function recordEvents(state: LedgerState, input: RecordEventsInput): Promise<RecordEventsResult> {
  const recorder = await recorderOf(state);
  const staged = new Staged(state);
  const records: string[] = [];
  // The last state of each object the batch changed, as written.
  const objects = new Map<string, string>();
  const result = { accepted: [] as string[], duplicates: [] as string[], rejected: [] as RejectedEvent[] };
  for (const [index, item] of input.events.entries()) {
    const one = new Staged(staged);
    try {
      const applied = await applyEvent({ state, staged: one, recorder }, item, index);
      one.mergeInto(staged);
      if (applied.duplicate) {
        result.duplicates.push(item.eventID);
        continue;
      }
      result.accepted.push(item.eventID);
      records.push(applied.record);
      for (const o of applied.objects) objects.set(o.id, o.json);
    } catch (err) {
      const r = rejection(err, index, item.eventID);
      if (!input.proceed) throw new RuleError(err instanceof RuleError ? err.code : 'INVALID', r.message, index);
      result.rejected.push(r);
    }
  }
  await staged.flush(state);
  state.emit('EventsRecorded', recordedPayload(recorder.id, records, objects.values(), result.rejected));
  return result;
}

/** Reads one event as recorded; NOT_FOUND when unknown. */
export async function getEvent(state: LedgerState, input: { readonly eventID: string }): Promise<EventRecord> {
  const found = await readJson<EventRecord>(state, state.key(K.event, [input.eventID]));
  if (!found) throw notFound(`event ${input.eventID}`);
  return found;
}

/** Reads an identifier's current state (canonical id); NOT_FOUND when the ledger never saw it. */
export async function getObject(state: LedgerState, input: { readonly id: string }): Promise<ObjectState> {
  const found = await readJson<ObjectState>(state, state.key(K.object, [input.id]));
  if (!found) throw notFound(`identifier ${input.id}`);
  return found;
}
