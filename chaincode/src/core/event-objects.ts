import type { ChangedObject } from './event-content';
import { isShipping, standingOn, type EventScope, type Standing } from './event-access';
import type { EpcRef, EventFacts, RefRole } from './event-facts';
import { stableStringify } from './json';
import { K, readJson } from './keys';
import type { ObjectState } from './model';
import { rulesOf } from './rules-version';
import { nextObjectState } from './objects';

/** One event as the object rules see it. */
export interface ObjectsInput {
  readonly facts: EventFacts;
  readonly event: Readonly<Record<string, unknown>>;
  readonly eventID: string;
  readonly shipsTo: readonly string[];
}

const TAKES_CUSTODY: ReadonlySet<Standing> = new Set(['new', 'holder', 'receiver']);
const SHIPPED_ROLES: ReadonlySet<RefRole> = new Set(['epc', 'parent', 'child']);

function packs(facts: EventFacts): boolean {
  return facts.eventType === 'AggregationEvent' || facts.eventType === 'AssociationEvent';
}

function containerChange(facts: EventFacts, ref: EpcRef): string | null | undefined {
  if (!packs(facts) || ref.role !== 'child') return undefined;
  if (facts.action === 'DELETE') return null;
  return facts.refs.find((r) => r.role === 'parent')?.id;
}

type Edge = readonly [from: RefRole, to: RefRole, type: string];

function edgeRoles(facts: EventFacts): Edge | undefined {
  if (facts.eventType === 'TransformationEvent') return ['input', 'output', 'transformed_into'];
  if (!packs(facts)) return undefined;
  return facts.action === 'DELETE' ? ['parent', 'child', 'unpacked_from'] : ['child', 'parent', 'packed_into'];
}

/** Forward lineage edges between the event's nodes (lots where known), kept on the ledger for recall scopes. */
function writeLineage(scope: EventScope, facts: EventFacts, nodes: ReadonlyMap<EpcRef, string>): void {
  const roles = edgeRoles(facts);
  if (!roles) return;
  const of = (role: RefRole): string[] => [...new Set(facts.refs.filter((r) => r.role === role).map((r) => nodes.get(r) ?? r.id))];
  for (const from of of(roles[0])) {
    for (const to of of(roles[1])) if (from !== to) scope.staged.put(scope.state.key(K.lineage, [from, to]), roles[2]);
  }
}

// A lot known only through its items becomes an object of its own the first time, so that
// recalls and ownership can name it; later item events leave it as it is.
async function newLotOf(scope: EventScope, item: ObjectState, eventID: string): Promise<ChangedObject | undefined> {
  if (item.lot === undefined) return undefined;
  const key = scope.state.key(K.object, [item.lot]);
  if ((await scope.staged.get(key)) !== undefined) return undefined;
  const lot: ObjectState = {
    id: item.lot,
    recalled: false,
    recallIds: [],
    firstEventID: eventID,
    lastEventID: eventID,
    ...(item.owner ? { owner: item.owner } : {}),
    ...(item.custodian ? { custodian: item.custodian, holders: [item.custodian] } : {}),
  };
  const json = stableStringify(lot);
  scope.staged.put(key, json);
  return { id: lot.id, json };
}

/**
 * Applies the write rules to every identifier the event names and stages their new states,
 * history entries and lineage edges.
 * @throws FORBIDDEN when the recorder may not name one of them
 */
export async function applyObjects(scope: EventScope, input: ObjectsInput): Promise<ChangedObject[]> {
  const { state, staged, recorder } = scope;
  const changed: ChangedObject[] = [];
  const nodes = new Map<EpcRef, string>();
  for (const ref of input.facts.refs) {
    const key = state.key(K.object, [ref.id]);
    const prev = await readJson<ObjectState>(staged, key);
    const standing = await standingOn(scope, input.facts, ref, prev);
    const takesCustody = TAKES_CUSTODY.has(standing);
    const shipsTo = takesCustody && isShipping(input.facts) && SHIPPED_ROLES.has(ref.role) ? input.shipsTo : [];
    const container = standing === 'inspector' ? undefined : containerChange(input.facts, ref);
    const next = await nextObjectState(state, staged, prev, {
      ref,
      facts: input.facts,
      event: input.event,
      eventID: input.eventID,
      recorder: recorder.id,
      takesCustody,
      shipsTo,
      container,
    });
    const json = stableStringify(next);
    staged.put(key, json);
    // Rules 2 kept each identifier's history on the ledger; the index keeps it now.
    if (rulesOf(state) < 3) staged.put(state.key(K.history, [ref.id, input.eventID]), state.txId);
    nodes.set(ref, next.lot ?? next.id);
    changed.push({ id: next.id, json });
    const lot = await newLotOf(scope, next, input.eventID);
    if (lot) changed.push(lot);
  }
  writeLineage(scope, input.facts, nodes);
  return changed;
}
