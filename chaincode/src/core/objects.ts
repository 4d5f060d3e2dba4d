import { canonicalIdentifier, lotClassOf, type ParsedIdentifier } from './identifiers';
import type { EventFacts, EpcRef } from './event-facts';
import type { ObjectState } from './model';
import { ownerOfDigits } from './parties';
import type { Staged } from './staged';
import type { LedgerState } from './state';

function keyDigits(parsed: ParsedIdentifier): string | undefined {
  return parsed.gtin?.slice(1) ?? parsed.sscc?.slice(1) ?? parsed.gln;
}

/** The enterprise whose registered company prefix the identifier falls under (the brand owner), if any. */
export async function prefixOwner(state: LedgerState, staged: Staged, parsed: ParsedIdentifier): Promise<string | undefined> {
  const digits = keyDigits(parsed);
  return digits === undefined ? undefined : ownerOfDigits(state, staged, digits);
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

/** What one event does to one identifier, as decided by the write rules. */
export interface ObjectChange {
  readonly ref: EpcRef;
  readonly facts: EventFacts;
  readonly event: Readonly<Record<string, unknown>>;
  readonly eventID: string;
  readonly recorder: string;
  /** The recorder holds the object after this event (it made, holds or received it). */
  readonly takesCustody: boolean;
  /** Enterprises a shipment addresses the object to; empty when the event ships nothing. */
  readonly shipsTo: readonly string[];
  /** The container the object is packed into (`null`: unpacked; `undefined`: unchanged). */
  readonly container: string | null | undefined;
}

/** The lineage node of an identifier: its lot when known, else the identifier itself. */
export function lineageNode(prev: ObjectState | undefined, ref: EpcRef, event: Readonly<Record<string, unknown>>): string {
  const lot = prev?.lot ?? (ref.isClass ? undefined : (lotClassOf(ref.parsed) ?? ilmdLot(event, ref)));
  return lot ?? ref.id;
}

function holdersAfter(prev: ObjectState | undefined, change: ObjectChange): readonly string[] | undefined {
  const holders = prev?.holders ?? (prev?.custodian ? [prev.custodian] : []);
  if (!change.takesCustody || holders.at(-1) === change.recorder) return holders.length > 0 ? holders : undefined;
  return [...holders.filter((h) => h !== change.recorder), change.recorder];
}

function shippedToAfter(prev: ObjectState | undefined, change: ObjectChange): readonly string[] | undefined {
  if (change.shipsTo.length > 0) return change.shipsTo;
  const left = (prev?.shippedTo ?? []).filter((e) => !change.takesCustody || e !== change.recorder);
  return left.length > 0 ? left : undefined;
}

function containerAfter(prev: ObjectState | undefined, change: ObjectChange): string | undefined {
  return change.container === undefined ? prev?.container : (change.container ?? undefined);
}

function optional<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}

async function ownerAfter(
  state: LedgerState,
  staged: Staged,
  prev: ObjectState | undefined,
  change: ObjectChange,
): Promise<string | undefined> {
  if (prev?.owner !== undefined) return prev.owner;
  return (await prefixOwner(state, staged, change.ref.parsed)) ?? (change.takesCustody ? change.recorder : undefined);
}

function movingFields(prev: ObjectState | undefined, change: ObjectChange): Partial<ObjectState> {
  const node = lineageNode(prev, change.ref, change.event);
  return optional({
    custodian: change.takesCustody ? change.recorder : prev?.custodian,
    lastDisposition: change.facts.disposition ?? prev?.lastDisposition,
    lot: node === change.ref.id ? undefined : node,
    shippedTo: shippedToAfter(prev, change),
    holders: holdersAfter(prev, change),
    container: containerAfter(prev, change),
  });
}

/** The identifier's state after one event. */
export async function nextObjectState(
  state: LedgerState,
  staged: Staged,
  prev: ObjectState | undefined,
  change: ObjectChange,
): Promise<ObjectState> {
  const owner = await ownerAfter(state, staged, prev, change);
  const kept = prev ?? { recalled: false, recallIds: [], firstEventID: change.eventID };
  return {
    id: change.ref.id,
    recalled: kept.recalled,
    recallIds: kept.recallIds,
    firstEventID: kept.firstEventID,
    lastEventID: change.eventID,
    ...optional({ owner }),
    ...movingFields(prev, change),
  };
}
