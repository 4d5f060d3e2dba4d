import type { EpcRef, EventFacts, PartyRef } from './event-facts';
import { forbidden } from './errors';
import { K, readJson } from './keys';
import type { ObjectState } from './model';
import { prefixOwner } from './objects';
import { enterpriseAt } from './parties';
import type { Staged } from './staged';
import type { LedgerState } from './state';

/** Who records: an enterprise (by id) or a regulator (inspections only). */
export interface Recorder {
  readonly id: string;
  readonly regulator: boolean;
  readonly companyPrefixes: readonly string[];
}

/** The state and buffer one event's rules read through. */
export interface EventScope {
  readonly state: LedgerState;
  readonly staged: Staged;
  readonly recorder: Recorder;
}

const SHIPPING_STEPS = new Set(['shipping', 'departing']);
const RECEIVING_STEPS = new Set(['receiving', 'arriving', 'accepting']);
const REGULATOR_STEPS = new Set(['inspecting', 'sampling']);
const MAX_CONTAINER_DEPTH = 8;

export const isShipping = (facts: EventFacts): boolean => facts.bizStep !== undefined && SHIPPING_STEPS.has(facts.bizStep);

/** Identifiers the event brings into existence: ObjectEvent ADD epcs and transformation outputs. */
export function commissions(facts: EventFacts, ref: EpcRef): boolean {
  if (facts.eventType === 'ObjectEvent' && facts.action === 'ADD') return ref.role === 'epc';
  return facts.eventType === 'TransformationEvent' && ref.role === 'output';
}

/** Regulators record inspections and samplings (OBSERVE), never anything that changes custody. */
export function checkRegulatorEvent(facts: EventFacts): void {
  const inspects = facts.bizStep !== undefined && REGULATOR_STEPS.has(facts.bizStep);
  const observes = facts.eventType === 'ObjectEvent' && (facts.action ?? 'OBSERVE') === 'OBSERVE';
  if (!inspects || !observes) throw forbidden('a regulator records only ObjectEvent OBSERVE with bizStep inspecting or sampling');
}

async function heldThroughContainer(scope: EventScope, container: string | undefined, depth = 0): Promise<boolean> {
  if (container === undefined || depth >= MAX_CONTAINER_DEPTH) return false;
  const held = await readJson<ObjectState>(scope.staged, scope.state.key(K.object, [container]));
  if (!held) return false;
  if (held.custodian === scope.recorder.id || held.shippedTo?.includes(scope.recorder.id)) return true;
  return heldThroughContainer(scope, held.container, depth + 1);
}

/** How the recorder stands towards an identifier it names. */
export type Standing = 'new' | 'owner' | 'holder' | 'receiver' | 'inspector';

async function standingOnExisting(scope: EventScope, prev: ObjectState): Promise<Standing | undefined> {
  const me = scope.recorder.id;
  if (prev.custodian === me || (prev.custodian === undefined && prev.owner === me)) return 'holder';
  if (prev.shippedTo?.includes(me) || (await heldThroughContainer(scope, prev.container))) return 'receiver';
  return prev.owner === me ? 'owner' : undefined;
}

async function standingOrRefusal(scope: EventScope, ref: EpcRef, prev: ObjectState): Promise<Standing> {
  const standing = await standingOnExisting(scope, prev);
  if (standing) return standing;
  const me = scope.recorder.id;
  throw forbidden(
    `${ref.raw} is owned by ${prev.owner ?? 'nobody'} and held by ${prev.custodian ?? 'nobody'}; ${me} neither owns nor holds it, and no shipment addresses it to ${me}`,
  );
}

/**
 * Whether the recorder may name `ref` in this event: it owns it (company prefix), holds it, or
 * receives it after a shipment addressed to it (directly or in a container it holds).
 * @throws FORBIDDEN naming the identifier and who owns and holds it
 */
export async function standingOn(scope: EventScope, facts: EventFacts, ref: EpcRef, prev: ObjectState | undefined): Promise<Standing> {
  if (scope.recorder.regulator) return 'inspector';
  if (prev) return standingOrRefusal(scope, ref, prev);
  const me = scope.recorder.id;
  const owner = await prefixOwner(scope.state, scope.staged, ref.parsed);
  if (commissions(facts, ref) && ref.parsed.kind !== 'opaque' && owner !== me) {
    throw forbidden(`${ref.raw} is not under a company prefix of ${me} (${scope.recorder.companyPrefixes.join(', ')})`);
  }
  if (owner !== undefined && owner !== me)
    throw forbidden(`${ref.raw} belongs to ${owner} (company prefix) and is not on the ledger yet; only ${owner} may record it first`);
  return 'new';
}

function recorderSide(facts: EventFacts): { side: 'source' | 'destination'; parties: readonly PartyRef[] } {
  const receives = facts.bizStep !== undefined && RECEIVING_STEPS.has(facts.bizStep);
  return receives ? { side: 'destination', parties: facts.destinations } : { side: 'source', parties: facts.sources };
}

/**
 * The recorder names only itself on its own side of a movement (the source when it ships, the
 * destination when it receives) and only its own places as bizLocation and readPoint.
 * @throws FORBIDDEN naming the party that belongs to another enterprise
 */
export async function checkOwnSide(scope: EventScope, facts: EventFacts): Promise<void> {
  if (scope.recorder.regulator) return;
  const { side, parties } = recorderSide(facts);
  const named: Array<readonly [string, string]> = [
    ...parties.map((p) => [`${side} ${p.type}`, p.party] as const),
    ...(facts.bizLocation ? [['bizLocation', facts.bizLocation] as const] : []),
    ...(facts.readPoint ? [['readPoint', facts.readPoint] as const] : []),
  ];
  for (const [what, id] of named) {
    const other = await enterpriseAt(scope.state, scope.staged, id);
    if (other !== undefined && other !== scope.recorder.id)
      throw forbidden(`${what} ${id} belongs to ${other}; ${scope.recorder.id} may name only its own parties and places there`);
  }
}

/** Registered enterprises the event's other side names: a shipment's addressees, or a receipt's suppliers. */
export async function counterparties(scope: EventScope, facts: EventFacts): Promise<{ shipsTo: string[]; parties: string[] }> {
  const all = [...facts.sources, ...facts.destinations].map((p) => p.party);
  const resolved = await Promise.all(
    [...all, ...[facts.bizLocation, facts.readPoint].filter((x): x is string => x !== undefined)].map((id) =>
      enterpriseAt(scope.state, scope.staged, id),
    ),
  );
  const dest = isShipping(facts) ? await Promise.all(facts.destinations.map((d) => enterpriseAt(scope.state, scope.staged, d.party))) : [];
  const others = (ids: ReadonlyArray<string | undefined>): string[] =>
    [...new Set(ids.filter((e): e is string => e !== undefined && e !== scope.recorder.id))].sort();
  return { shipsTo: others(dest), parties: others(resolved) };
}
