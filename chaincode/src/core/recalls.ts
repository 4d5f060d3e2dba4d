import { caller } from './access';
import { conflict, forbidden, invalid, notFound } from './errors';
import { parseIdentifier } from './identifiers';
import { stableStringify } from './json';
import { attrAfter, K, readJson } from './keys';
import type { Caller, ObjectState } from './model';
import { prefixOwner } from './objects';
import { Staged } from './staged';
import type { LedgerState } from './state';

export interface RecallNotice {
  readonly hazard: string;
  readonly consumerAction: string;
  readonly remedy: string;
  readonly contact: string;
}

export interface OpenRecallInput {
  readonly id: string;
  readonly lots: readonly string[];
  readonly reason: string;
  readonly severityClass: string;
  readonly notice: RecallNotice;
  readonly incidentId?: string;
}

/** A lot of another brand owner that an enterprise's recall reached: affected until its owner or a regulator confirms. */
export interface AffectedLot {
  readonly lot: string;
  readonly owner?: string;
  readonly confirmedBy?: string;
  readonly confirmedAt?: string;
  readonly confirmTxId?: string;
}

export interface RecallRecord extends OpenRecallInput {
  readonly openedBy: { readonly role: string; readonly name: string; readonly enterpriseId?: string };
  readonly openedAt: string;
  readonly status: 'open';
  readonly txId: string;
  /** Lots the recall marks recalled, decided on the ledger: the forward closure (an enterprise's: its own products in it). */
  readonly scope: readonly string[];
  /** Other brand owners' lots in an enterprise recall's closure. */
  readonly affected: readonly AffectedLot[];
}

export interface ConfirmRecallInput {
  readonly id: string;
  readonly lots: readonly string[];
}

const MAX_SCOPE = 20_000;

async function nodeOf(state: LedgerState, lot: string): Promise<{ node: string; object: ObjectState }> {
  const object = await readJson<ObjectState>(state, state.key(K.object, [lot]));
  if (!object) throw notFound(`lot ${lot} is not on the ledger`);
  return { node: object.lot ?? lot, object };
}

/** Every node reachable forward from `seeds` through the lineage edges kept on the ledger. */
async function forwardClosure(state: LedgerState, seeds: readonly string[]): Promise<string[]> {
  const seen = new Set(seeds);
  const queue = [...seeds];
  for (let node = queue.shift(); node !== undefined; node = queue.shift()) {
    const base = state.key(K.lineage, [node]);
    for await (const [key] of state.scan(K.lineage, [node])) {
      const next = attrAfter(base, key);
      if (seen.has(next)) continue;
      if (seen.size >= MAX_SCOPE) throw invalid(`the recall's forward closure passes ${MAX_SCOPE} lots; recall fewer lots at once`);
      seen.add(next);
      queue.push(next);
    }
  }
  return [...seen].sort();
}

function mayRecall(who: Caller, object: ObjectState): boolean {
  const me = who.enterprise?.id;
  return me !== undefined && (object.owner === me || object.custodian === me || (object.holders ?? []).includes(me));
}

async function ownerOf(state: LedgerState, id: string): Promise<string | undefined> {
  const object = await readJson<ObjectState>(state, state.key(K.object, [id]));
  if (object?.owner) return object.owner;
  try {
    return await prefixOwner(state, new Staged(state), parseIdentifier(id));
  } catch {
    return undefined;
  }
}

async function markRecalled(state: LedgerState, ids: readonly string[], recallId: string): Promise<ObjectState[]> {
  const objects: ObjectState[] = [];
  for (const id of [...new Set(ids)].sort()) {
    const prev = await readJson<ObjectState>(state, state.key(K.object, [id]));
    const base: ObjectState = prev ?? { id, recalled: true, recallIds: [], firstEventID: '', lastEventID: '' };
    const next: ObjectState = { ...base, recalled: true, recallIds: [...base.recallIds.filter((r) => r !== recallId), recallId] };
    await state.put(state.key(K.object, [id]), stableStringify(next));
    objects.push(next);
  }
  return objects;
}

interface Split {
  readonly scope: string[];
  readonly affected: AffectedLot[];
}

async function splitByOwner(state: LedgerState, who: Caller, seeds: readonly string[], closure: readonly string[]): Promise<Split> {
  if (who.identity.role !== 'enterprise') return { scope: [...closure], affected: [] };
  const scope: string[] = [...seeds];
  const affected: AffectedLot[] = [];
  for (const id of closure.filter((n) => !seeds.includes(n))) {
    const owner = await ownerOf(state, id);
    if (owner === who.enterprise?.id) scope.push(id);
    else affected.push(owner === undefined ? { lot: id } : { lot: id, owner });
  }
  return { scope: scope.sort(), affected };
}

async function seedsOf(state: LedgerState, who: Caller, lots: readonly string[]): Promise<string[]> {
  if (lots.length === 0) throw invalid('lots must name at least one lot');
  const seeds: string[] = [];
  for (const lot of lots) {
    const { node, object } = await nodeOf(state, lot);
    if (who.identity.role === 'enterprise' && !mayRecall(who, object))
      throw forbidden(`${lot} is neither owned nor held by ${who.enterprise?.id ?? 'the caller'}`);
    seeds.push(node);
  }
  return [...new Set(seeds)];
}

/**
 * Opens a recall and decides its scope here, on the ledger: a regulator's recall marks the whole
 * forward closure recalled; an enterprise's (of lots it owns or held) marks its own products in it,
 * and leaves other brand owners' lots affected until they or a regulator confirm.
 */
export async function openRecall(state: LedgerState, input: OpenRecallInput): Promise<RecallRecord> {
  const who = await caller(state);
  if (who.identity.role === 'enterprise' && !who.enterprise) throw forbidden("opening a recall: the caller's enterprise is not registered");
  const key = state.key(K.recall, [input.id]);
  if (await state.get(key)) throw conflict(`recall ${input.id} already exists`);
  const seeds = await seedsOf(state, who, input.lots);
  const { scope, affected } = await splitByOwner(state, who, seeds, await forwardClosure(state, seeds));
  const { identity } = who;
  const record: RecallRecord = {
    id: input.id,
    lots: [...input.lots],
    reason: input.reason,
    severityClass: input.severityClass,
    notice: input.notice,
    ...(input.incidentId ? { incidentId: input.incidentId } : {}),
    openedBy: { role: identity.role, name: identity.name, ...(identity.enterpriseId ? { enterpriseId: identity.enterpriseId } : {}) },
    openedAt: state.txTime,
    status: 'open',
    txId: state.txId,
    scope,
    affected,
  };
  const objects = await markRecalled(state, scope, input.id);
  await state.put(key, stableStringify(record));
  state.emit('RecallOpened', stableStringify({ recall: record, objects }));
  return record;
}

function confirmable(who: Caller, recall: RecallRecord, lot: string): AffectedLot {
  const entry = recall.affected.find((a) => a.lot === lot);
  if (!entry) throw invalid(`${lot} is not an affected lot of recall ${recall.id}`);
  if (entry.confirmedAt)
    throw conflict(`${lot} was already confirmed recalled by ${entry.confirmedBy ?? 'someone'} at ${entry.confirmedAt}`);
  if (who.identity.role === 'enterprise' && entry.owner !== who.enterprise?.id)
    throw forbidden(`${lot} belongs to ${entry.owner ?? 'no registered enterprise'}; only its owner or a regulator confirms it`);
  return entry;
}

/** Confirms affected lots of a recall as recalled (their owner, a regulator or the admin). */
export async function confirmRecall(state: LedgerState, input: ConfirmRecallInput): Promise<RecallRecord> {
  const who = await caller(state);
  const recall = await getRecall(state, { id: input.id });
  const lots = [...new Set(input.lots)];
  if (lots.length === 0) throw invalid('lots must name at least one affected lot');
  lots.forEach((lot) => confirmable(who, recall, lot));
  const by = who.enterprise?.id ?? `${who.identity.role}:${who.identity.name}`;
  const affected = recall.affected.map((a) =>
    lots.includes(a.lot) ? { ...a, confirmedBy: by, confirmedAt: state.txTime, confirmTxId: state.txId } : a,
  );
  const record: RecallRecord = { ...recall, affected, scope: [...new Set([...recall.scope, ...lots])].sort() };
  const objects = await markRecalled(state, lots, input.id);
  await state.put(state.key(K.recall, [input.id]), stableStringify(record));
  state.emit('RecallConfirmed', stableStringify({ recall: record, objects, lots: lots.sort() }));
  return record;
}

/** Reads a recall; NOT_FOUND when unknown. */
export async function getRecall(state: LedgerState, input: { readonly id: string }): Promise<RecallRecord> {
  const found = await readJson<RecallRecord>(state, state.key(K.recall, [input.id]));
  if (!found) throw notFound(`recall ${input.id}`);
  return found;
}
