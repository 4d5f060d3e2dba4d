import { requireEnterprise } from './access';
import { eventFacts, type EventFacts } from './event-facts';
import { conflict, forbidden, invalid, notFound, RuleError } from './errors';
import { ownedByPrefix } from './identifiers';
import { stableStringify } from './json';
import { K, readJson } from './keys';
import type { EnterpriseRecord, EventRecord, ObjectState } from './model';
import { nextObjectState } from './objects';
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
  readonly rejected: readonly RejectedEvent[];
}

function commissions(facts: EventFacts): EventFacts['refs'] {
  if (facts.eventType === 'ObjectEvent' && facts.action === 'ADD') return facts.refs.filter((r) => r.role === 'epc');
  if (facts.eventType === 'TransformationEvent') return facts.refs.filter((r) => r.role === 'output');
  return [];
}

function checkCommissioning(facts: EventFacts, enterprise: EnterpriseRecord): void {
  for (const ref of commissions(facts)) {
    if (ref.parsed.kind === 'opaque') continue;
    if (!enterprise.companyPrefixes.some((p) => ownedByPrefix(ref.parsed, p))) {
      throw forbidden(`${ref.raw} is not under a company prefix of ${enterprise.id} (${enterprise.companyPrefixes.join(', ')})`);
    }
  }
}

interface Batch {
  readonly state: LedgerState;
  readonly staged: Staged;
  readonly enterprise: EnterpriseRecord;
  readonly objects: Map<string, ObjectState>;
}

interface Applied {
  readonly record: EventRecord;
  readonly objects: readonly ObjectState[];
}

async function recordDeclaration(batch: Batch, record: EventRecord): Promise<Applied> {
  const { state, staged } = batch;
  staged.put(state.key(`${K.event}d`, [record.eventID, state.txId]), stableStringify(record));
  const originalKey = state.key(K.event, [record.eventID]);
  if ((await staged.get(originalKey)) === undefined) staged.put(originalKey, stableStringify(record));
  return { record, objects: [] };
}

async function applyEvent(batch: Batch, input: EventInput, index: number): Promise<Applied> {
  const { state, staged, enterprise } = batch;
  if (!input.eventID) throw invalid('eventID is required');
  const facts = eventFacts(input.event, `eventList[${index}]`);
  const event = { ...input.event, eventID: input.eventID, recordTime: state.txTime };
  const record: EventRecord = { eventID: input.eventID, txId: state.txId, recorder: enterprise.id, recordTime: state.txTime, event, isErrorDeclaration: facts.isErrorDeclaration };
  if (facts.isErrorDeclaration) return recordDeclaration(batch, record);
  const key = state.key(K.event, [input.eventID]);
  if ((await staged.get(key)) !== undefined) throw conflict(`event ${input.eventID} is already recorded`);
  checkCommissioning(facts, enterprise);
  staged.put(key, stableStringify(record));
  const objects: ObjectState[] = [];
  for (const ref of facts.refs) {
    const next = await nextObjectState(state, staged, { ref, facts, event, eventID: input.eventID, recorder: enterprise.id });
    staged.put(state.key(K.object, [ref.id]), stableStringify(next));
    staged.put(state.key(K.history, [ref.id, input.eventID]), state.txId);
    objects.push(next);
  }
  return { record, objects };
}

function rejection(err: unknown, index: number, eventID: string): RejectedEvent {
  if (!(err instanceof RuleError)) throw err;
  return { index, eventID, code: err.code, message: err.message.replace(/^[A-Z_]+: /, '') };
}

/** Records a batch of EPCIS events in one transaction; all or nothing unless `proceed`. */
export async function recordEvents(state: LedgerState, input: RecordEventsInput): Promise<RecordEventsResult> {
  const { enterprise } = await requireEnterprise(state, 'recording events');
  const batch: Batch = { state, staged: new Staged(state), enterprise, objects: new Map() };
  const records: EventRecord[] = [];
  const accepted: string[] = [];
  const rejected: RejectedEvent[] = [];
  for (const [index, item] of input.events.entries()) {
    const one = new Staged(batch.staged);
    try {
      const applied = await applyEvent({ ...batch, staged: one }, item, index);
      one.mergeInto(batch.staged);
      accepted.push(item.eventID);
      records.push(applied.record);
      for (const o of applied.objects) batch.objects.set(o.id, o);
    } catch (err) {
      const r = rejection(err, index, item.eventID);
      if (!input.proceed) throw new RuleError(err instanceof RuleError ? err.code : 'INVALID', `eventList[${index}]: ${r.message}`);
      rejected.push(r);
    }
  }
  await batch.staged.flush(state);
  state.emit('EventsRecorded', stableStringify({ recorder: enterprise.id, events: records, objects: [...batch.objects.values()], rejected }));
  return { accepted, rejected };
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

// eslint-disable-next-line no-control-regex -- composite keys end with the NUL separator, which is stripped here
const TRAILING_NUL = /\u0000$/;

/** The eventIDs that touched an identifier, with the transaction of each. */
export async function getHistory(state: LedgerState, input: { readonly id: string }): Promise<Array<{ eventID: string; txId: string }>> {
  const out: Array<{ eventID: string; txId: string }> = [];
  const prefix = state.key(K.history, [input.id]);
  for await (const [key, txId] of state.scan(K.history, [input.id])) out.push({ eventID: key.slice(prefix.length).replace(TRAILING_NUL, ''), txId });
  return out;
}
