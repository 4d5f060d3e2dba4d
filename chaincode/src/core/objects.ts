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

/** The identifier's state after one event; custody moves to the recorder except while shipping. */
export async function nextObjectState(state: LedgerState, staged: Staged, change: ObjectChange): Promise<ObjectState> {
  const { ref, facts, eventID, recorder } = change;
  const prev = await readJson<ObjectState>(staged, state.key(K.object, [ref.id]));
  const keepsCustody = facts.bizStep !== undefined && HOLDS_CUSTODY_UNCHANGED.has(facts.bizStep);
  const lot = prev?.lot ?? (ref.isClass ? undefined : lotClassOf(ref.parsed) ?? ilmdLot(change.event, ref));
  return {
    id: ref.id,
    owner: prev?.owner ?? (await prefixOwner(state, staged, ref.parsed)) ?? recorder,
    custodian: keepsCustody ? (prev?.custodian ?? recorder) : recorder,
    lastDisposition: facts.disposition ?? prev?.lastDisposition,
    recalled: prev?.recalled ?? false,
    recallIds: prev?.recallIds ?? [],
    firstEventID: prev?.firstEventID ?? eventID,
    lastEventID: eventID,
    ...(lot === undefined || lot === ref.id ? {} : { lot }),
  };
}
