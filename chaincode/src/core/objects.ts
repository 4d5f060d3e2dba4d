import { canonicalIdentifier, lotClassOf, type ParsedIdentifier } from './identifiers';
import type { EventFacts, EpcRef } from './event-facts';
import { K, readJson } from './keys';
import type { ObjectState } from './model';
import type { Staged } from './staged';
import type { LedgerState } from './state';

const HOLDS_CUSTODY_UNCHANGED = new Set(['shipping', 'departing', 'void_shipping']);

function keyDigits(parsed: ParsedIdentifier): string | undefined {
  return parsed.gtin?.slice(1) ?? parsed.sscc?.slice(1) ?? parsed.gln;
}

/** The enterprise whose registered company prefix the identifier falls under (the brand owner), if any. */
export async function prefixOwner(state: LedgerState, staged: Staged, parsed: ParsedIdentifier): Promise<string | undefined> {
  const digits = keyDigits(parsed);
  if (!digits) return undefined;
  for (let len = 6; len <= Math.min(12, digits.length); len++) {
    const owner = await staged.get(state.key(K.prefix, [digits.slice(0, len)]));
    if (owner !== undefined) return owner;
  }
  return undefined;
}

function ilmdLot(event: Readonly<Record<string, unknown>>, ref: EpcRef): string | undefined {
  const ilmd = event.ilmd as Readonly<Record<string, unknown>> | undefined;
  const lot = ilmd?.['cbvmda:lotNumber'] ?? ilmd?.lotNumber;
  if (typeof lot !== 'string' || !ref.parsed.gtin || ref.isClass) return undefined;
  try {
    return canonicalIdentifier(`https://id.gs1.org/01/${ref.parsed.gtin}/10/${encodeURIComponent(lot)}`);
  } catch {
    return undefined;
  }
}

export interface ObjectChange {
  readonly ref: EpcRef;
  readonly facts: EventFacts;
  readonly event: Readonly<Record<string, unknown>>;
  readonly eventID: string;
  readonly recorder: string;
}

function lotOf(prev: ObjectState | undefined, change: ObjectChange): string | undefined {
  const { ref } = change;
  return prev?.lot ?? (ref.isClass ? undefined : (lotClassOf(ref.parsed) ?? ilmdLot(change.event, ref)));
}

type CarriedOver = Pick<ObjectState, 'lastDisposition' | 'recalled' | 'recallIds' | 'firstEventID'>;

function carriedOver(prev: ObjectState | undefined, change: ObjectChange): CarriedOver {
  return {
    lastDisposition: change.facts.disposition ?? prev?.lastDisposition,
    recalled: prev?.recalled ?? false,
    recallIds: prev?.recallIds ?? [],
    firstEventID: prev?.firstEventID ?? change.eventID,
  };
}

async function ownerOf(state: LedgerState, staged: Staged, prev: ObjectState | undefined, change: ObjectChange): Promise<string> {
  return prev?.owner ?? (await prefixOwner(state, staged, change.ref.parsed)) ?? change.recorder;
}

function custodianOf(prev: ObjectState | undefined, change: ObjectChange): string {
  const bizStep = change.facts.bizStep;
  const keepsCustody = bizStep !== undefined && HOLDS_CUSTODY_UNCHANGED.has(bizStep);
  return keepsCustody ? (prev?.custodian ?? change.recorder) : change.recorder;
}

/** The identifier's state after one event; custody moves to the recorder except while shipping. */
export async function nextObjectState(state: LedgerState, staged: Staged, change: ObjectChange): Promise<ObjectState> {
  const { ref, eventID } = change;
  const prev = await readJson<ObjectState>(staged, state.key(K.object, [ref.id]));
  const lot = lotOf(prev, change);
  return {
    id: ref.id,
    owner: await ownerOf(state, staged, prev, change),
    custodian: custodianOf(prev, change),
    ...carriedOver(prev, change),
    lastEventID: eventID,
    ...(lot === undefined || lot === ref.id ? {} : { lot }),
  };
}
