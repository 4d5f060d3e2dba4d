import { caller } from './access';
import { conflict, forbidden, invalid, notFound } from './errors';
import { stableStringify } from './json';
import { K, readJson } from './keys';
import type { Caller, ObjectState } from './model';
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
  /** Forward closure of `lots` through the lineage graph, computed by the service from the index. */
  readonly scope: readonly string[];
  readonly reason: string;
  readonly severityClass: string;
  readonly notice: RecallNotice;
  readonly incidentId?: string;
}

export interface RecallRecord extends OpenRecallInput {
  readonly openedBy: { readonly role: string; readonly name: string; readonly enterpriseId?: string };
  readonly openedAt: string;
  readonly status: 'open';
  readonly txId: string;
}

async function checkOwnership(state: LedgerState, who: Caller, lots: readonly string[]): Promise<void> {
  if (who.identity.role !== 'enterprise') return;
  for (const lot of lots) {
    const obj = await readJson<ObjectState>(state, state.key(K.object, [lot]));
    if (obj?.owner !== who.identity.enterpriseId) throw forbidden(`${lot} is not owned by ${who.identity.enterpriseId ?? 'the caller'}`);
  }
}

function recalledState(prev: ObjectState | undefined, id: string, recallId: string): ObjectState {
  const base: ObjectState = prev ?? { id, recalled: true, recallIds: [], firstEventID: '', lastEventID: '' };
  return { ...base, recalled: true, recallIds: [...base.recallIds.filter((r) => r !== recallId), recallId] };
}

/** Opens a recall (regulator, admin, or the enterprise owning every lot) and marks its whole scope recalled. */
export async function openRecall(state: LedgerState, input: OpenRecallInput): Promise<RecallRecord> {
  const who = await caller(state);
  if (input.lots.length === 0) throw invalid('lots must name at least one lot');
  if (!input.lots.every((l) => input.scope.includes(l))) throw invalid('scope must include every recalled lot');
  await checkOwnership(state, who, input.lots);
  const key = state.key(K.recall, [input.id]);
  if (await state.get(key)) throw conflict(`recall ${input.id} already exists`);
  const { identity } = who;
  const record: RecallRecord = {
    ...input,
    openedBy: { role: identity.role, name: identity.name, ...(identity.enterpriseId ? { enterpriseId: identity.enterpriseId } : {}) },
    openedAt: state.txTime,
    status: 'open',
    txId: state.txId,
  };
  const objects: ObjectState[] = [];
  for (const id of [...new Set(input.scope)].sort()) {
    const next = recalledState(await readJson<ObjectState>(state, state.key(K.object, [id])), id, input.id);
    await state.put(state.key(K.object, [id]), stableStringify(next));
    objects.push(next);
  }
  await state.put(key, stableStringify(record));
  state.emit('RecallOpened', stableStringify({ recall: record, objects }));
  return record;
}

/** Reads a recall; NOT_FOUND when unknown. */
export async function getRecall(state: LedgerState, input: { readonly id: string }): Promise<RecallRecord> {
  const found = await readJson<RecallRecord>(state, state.key(K.recall, [input.id]));
  if (!found) throw notFound(`recall ${input.id}`);
  return found;
}
