import { requireRole } from './access';
import { invalid } from './errors';
import { stableStringify } from './json';
import type { LedgerState } from './state';

/** Composite-key types of the standing inspection lists. */
export const LIST_KEYS = { item: 'supitem', inspector: 'supinsp' } as const;

const ID = /^[A-Za-z0-9_.:-]{1,64}$/;

export interface RecordInspectionItemInput {
  readonly id: string;
  readonly name: string;
  readonly basis?: string;
}

export interface InspectionItemRecord extends RecordInspectionItemInput {
  readonly recordedAt: string;
  readonly txId: string;
}

export interface RecordInspectorInput {
  readonly id: string;
  readonly name: string;
  /** Enterprises this inspector must not inspect. */
  readonly excludes: readonly string[];
  /** Whether plans take this inspector from the pool. */
  readonly active: boolean;
}

export interface InspectorRecord extends RecordInspectorInput {
  readonly recordedAt: string;
  readonly txId: string;
}

/** Adds or replaces an item of the inspection checklist (regulator or admin); each version stays on the ledger. */
export async function recordInspectionItem(state: LedgerState, input: RecordInspectionItemInput): Promise<InspectionItemRecord> {
  await requireRole(state, ['regulator', 'admin'], 'recording an inspection item');
  if (typeof input.id !== 'string' || !ID.test(input.id)) throw invalid(`item id must match ${ID.source}`);
  if (!input.name?.trim()) throw invalid('name is required');
  const item: InspectionItemRecord = {
    id: input.id,
    name: input.name,
    ...(input.basis ? { basis: input.basis } : {}),
    recordedAt: state.txTime,
    txId: state.txId,
  };
  await state.put(state.key(LIST_KEYS.item, [item.id]), stableStringify(item));
  state.emit('InspectionItemRecorded', stableStringify({ item }));
  return item;
}

/** Adds or replaces an inspector of the pool, with the enterprises they must not inspect (regulator or admin). */
export async function recordInspector(state: LedgerState, input: RecordInspectorInput): Promise<InspectorRecord> {
  await requireRole(state, ['regulator', 'admin'], 'recording an inspector');
  if (typeof input.id !== 'string' || !ID.test(input.id)) throw invalid(`inspector id must match ${ID.source}`);
  if (!input.name?.trim()) throw invalid('name is required');
  if (typeof input.excludes?.length !== 'number' || input.excludes.some((e) => typeof e !== 'string'))
    throw invalid('excludes must be a list of enterprise ids');
  if (typeof input.active !== 'boolean') throw invalid('active must be true or false');
  const inspector: InspectorRecord = {
    id: input.id,
    name: input.name,
    excludes: [...new Set(input.excludes)].sort(),
    active: input.active,
    recordedAt: state.txTime,
    txId: state.txId,
  };
  await state.put(state.key(LIST_KEYS.inspector, [inspector.id]), stableStringify(inspector));
  state.emit('InspectorRecorded', stableStringify({ inspector }));
  return inspector;
}
