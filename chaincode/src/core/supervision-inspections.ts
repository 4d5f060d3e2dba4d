import { requireRole } from './access';
import { conflict, invalid, notFound } from './errors';
import { stableStringify } from './json';
import { K, readJson } from './keys';
import type { LedgerState } from './state';
import { drawInspections, drawSeed, type DrawCandidate, type DrawInspector, type DrawnTarget, type DrawRules } from './supervision-draw';
import { SUPERVISION_KEYS } from './supervision-grades';

/** An inspection item of the checklist (检查事项清单). */
export interface InspectionItem {
  readonly id: string;
  readonly name: string;
  readonly basis?: string;
}

export interface InspectionRules extends DrawRules {
  readonly version: string;
}

export interface RecordInspectionPlanInput {
  readonly id: string;
  readonly title: string;
  readonly items: readonly InspectionItem[];
  readonly rules: InspectionRules;
  readonly targets: readonly DrawCandidate[];
  readonly inspectors: readonly DrawInspector[];
  /** The seed is the hash of block (plan block + seedDelayBlocks). */
  readonly seedDelayBlocks: number;
}

export interface DrawRecord {
  readonly planBlock: number;
  readonly seedBlock: number;
  readonly seedBlockHash: string;
  readonly seed: string;
  readonly targets: readonly DrawnTarget[];
  readonly drawnAt: string;
  readonly txId: string;
}

export interface InspectionPlanRecord extends RecordInspectionPlanInput {
  readonly status: 'awaiting-draw' | 'drawn';
  readonly recordedAt: string;
  readonly recordedBy: { readonly role: string; readonly name: string };
  readonly txId: string;
  readonly draw?: DrawRecord;
}

export interface RecordInspectionDrawInput {
  readonly planId: string;
  /** The block the plan was committed in (anyone can check it: GET /ledger/tx/{plan txId}). */
  readonly planBlock: number;
  readonly seedBlockHash: string;
}

export interface RecordInspectionResultInput {
  readonly id: string;
  readonly planId: string;
  readonly enterpriseId: string;
  readonly outcome: 'pass' | 'fail';
  readonly findings: string;
  readonly lots?: readonly string[];
  readonly documentHash?: string;
}

export interface InspectionResultRecord extends RecordInspectionResultInput {
  readonly inspectors: readonly string[];
  readonly recordedAt: string;
  readonly recordedBy: { readonly role: string; readonly name: string };
  readonly txId: string;
}

const ID = /^[A-Za-z0-9_.:-]{1,64}$/;
const LIMIT = 10_000;

function checkList<T>(list: readonly T[] | undefined, what: string, idOf: (x: T) => string): void {
  if (typeof list?.length !== 'number' || list.length > LIMIT) throw invalid(`${what} must be a list of at most ${LIMIT}`);
  const ids = list.map(idOf);
  if (ids.some((id) => typeof id !== 'string' || !ID.test(id))) throw invalid(`${what}: every id must match ${ID.source}`);
  if (new Set(ids).size !== ids.length) throw invalid(`${what}: an id appears twice`);
}

function checkRules(r: InspectionRules): void {
  if (typeof r?.version !== 'string' || !r.version.trim()) throw invalid('rules.version is required');
  const ratios: unknown[] = (['1', '2', '3'] as const).map((g) => r.ratioPercentByGrade?.[g]);
  if (ratios.some((p) => typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > 100))
    throw invalid('rules.ratioPercentByGrade needs whole percents 0–100 for grades 1, 2 and 3');
  if (!Number.isInteger(r.inspectorsPerTarget) || r.inspectorsPerTarget < 1) throw invalid('rules.inspectorsPerTarget must be ≥ 1');
}

function checkLists(input: RecordInspectionPlanInput): void {
  if (!/^ip_[A-Za-z0-9_-]{6,64}$/.test(input.id)) throw invalid('plan id must look like ip_<random>');
  if (!input.title?.trim()) throw invalid('title is required');
  if (!Number.isInteger(input.seedDelayBlocks) || input.seedDelayBlocks < 1) throw invalid('seedDelayBlocks must be ≥ 1');
  checkList(input.items, 'items', (i) => i.id);
  if (input.items.length === 0) throw invalid('items must list at least one inspection item');
  checkList(input.targets, 'targets', (t) => t.enterpriseId);
  checkList(input.inspectors, 'inspectors', (i) => i.id);
  if (input.targets.some((t) => ![1, 2, 3].includes(t.grade))) throw invalid('every target needs grade 1, 2 or 3');
  if (input.inspectors.some((i) => typeof i.excludes?.length !== 'number' || !i.name?.trim()))
    throw invalid('every inspector needs a name and a list of excluded enterprises');
}

// A draw must always be able to staff the targets it picks, so the plan is refused up front otherwise.
async function checkStaffing(state: LedgerState, input: RecordInspectionPlanInput): Promise<void> {
  for (const t of input.targets) {
    if (!(await state.get(state.key(K.enterprise, [t.enterpriseId]))))
      throw invalid(`target ${t.enterpriseId} is not a registered enterprise`);
    const eligible = input.inspectors.filter((i) => !i.excludes.includes(t.enterpriseId)).length;
    if (eligible < input.rules.inspectorsPerTarget)
      throw invalid(`target ${t.enterpriseId} has ${eligible} eligible inspectors; the rules need ${input.rules.inspectorsPerTarget}`);
  }
}

async function savePlan(state: LedgerState, plan: InspectionPlanRecord, eventName: string): Promise<InspectionPlanRecord> {
  await state.put(state.key(SUPERVISION_KEYS.plan, [plan.id]), stableStringify(plan));
  state.emit(eventName, stableStringify({ plan }));
  return plan;
}

/** Records an inspection plan (regulator or admin) before anything about its draw can be known. */
export async function recordInspectionPlan(state: LedgerState, input: RecordInspectionPlanInput): Promise<InspectionPlanRecord> {
  const { identity } = await requireRole(state, ['regulator', 'admin'], 'recording an inspection plan');
  checkLists(input);
  checkRules(input.rules);
  await checkStaffing(state, input);
  if (await state.get(state.key(SUPERVISION_KEYS.plan, [input.id]))) throw conflict(`plan ${input.id} already exists`);
  const plan: InspectionPlanRecord = {
    id: input.id,
    title: input.title,
    items: input.items,
    rules: input.rules,
    targets: input.targets,
    inspectors: input.inspectors,
    seedDelayBlocks: input.seedDelayBlocks,
    status: 'awaiting-draw',
    recordedAt: state.txTime,
    recordedBy: { role: identity.role, name: identity.name },
    txId: state.txId,
  };
  return savePlan(state, plan, 'InspectionPlanRecorded');
}

async function readPlan(state: LedgerState, id: string): Promise<InspectionPlanRecord> {
  const plan = await readJson<InspectionPlanRecord>(state, state.key(SUPERVISION_KEYS.plan, [id]));
  if (!plan) throw notFound(`inspection plan ${id}`);
  return plan;
}

/** Records a plan's draw (regulator or admin), computed here from the plan and the seed block's hash. */
export async function recordInspectionDraw(state: LedgerState, input: RecordInspectionDrawInput): Promise<InspectionPlanRecord> {
  await requireRole(state, ['regulator', 'admin'], 'recording an inspection draw');
  const plan = await readPlan(state, input.planId);
  if (plan.draw) throw conflict(`plan ${plan.id} was drawn in transaction ${plan.draw.txId}`);
  if (!Number.isInteger(input.planBlock) || input.planBlock < 0) throw invalid('planBlock must be a block number');
  if (!/^[0-9a-f]{64}$/.test(input.seedBlockHash ?? '')) throw invalid('seedBlockHash must be 64 lowercase hex digits');
  const seed = drawSeed(plan.id, input.seedBlockHash);
  const draw: DrawRecord = {
    planBlock: input.planBlock,
    seedBlock: input.planBlock + plan.seedDelayBlocks,
    seedBlockHash: input.seedBlockHash,
    seed,
    targets: drawInspections(plan, seed),
    drawnAt: state.txTime,
    txId: state.txId,
  };
  return savePlan(state, { ...plan, status: 'drawn', draw }, 'InspectionDrawRecorded');
}

function checkAttachments(input: RecordInspectionResultInput): void {
  if (input.documentHash !== undefined && !/^[0-9a-f]{64}$/.test(input.documentHash))
    throw invalid('documentHash must be a SHA-256 in lowercase hex');
  if (input.lots !== undefined && (typeof input.lots?.length !== 'number' || input.lots.length > 1000))
    throw invalid('lots must be a list of at most 1000');
}

function checkResult(input: RecordInspectionResultInput): void {
  checkAttachments(input);
  if (!/^ir_[A-Za-z0-9_-]{6,64}$/.test(input.id)) throw invalid('result id must look like ir_<random>');
  if (input.outcome !== 'pass' && input.outcome !== 'fail') throw invalid('outcome must be pass or fail');
  if (!input.findings?.trim()) throw invalid('findings are required');
}

/** Records the result of inspecting one drawn target (regulator or admin); one result per target and plan. */
export async function recordInspectionResult(state: LedgerState, input: RecordInspectionResultInput): Promise<InspectionResultRecord> {
  const { identity } = await requireRole(state, ['regulator', 'admin'], 'recording an inspection result');
  checkResult(input);
  const plan = await readPlan(state, input.planId);
  const target = plan.draw?.targets.find((t) => t.enterpriseId === input.enterpriseId);
  if (!target) throw conflict(`${input.enterpriseId} was not drawn by plan ${plan.id}${plan.draw ? '' : ' (not drawn yet)'}`);
  const key = state.key(SUPERVISION_KEYS.result, [plan.id, input.enterpriseId]);
  if (await state.get(key)) throw conflict(`plan ${plan.id} already has a result for ${input.enterpriseId}`);
  const result: InspectionResultRecord = {
    id: input.id,
    planId: plan.id,
    enterpriseId: input.enterpriseId,
    outcome: input.outcome,
    findings: input.findings,
    ...(input.lots ? { lots: [...input.lots] } : {}),
    ...(input.documentHash ? { documentHash: input.documentHash } : {}),
    inspectors: target.inspectors.map((i) => i.id),
    recordedAt: state.txTime,
    recordedBy: { role: identity.role, name: identity.name },
    txId: state.txId,
  };
  await state.put(key, stableStringify(result));
  state.emit('InspectionResultRecorded', stableStringify({ result }));
  return result;
}

/** A plan with its draw, if drawn (public record). */
export async function getInspectionPlan(state: LedgerState, input: { readonly id: string }): Promise<InspectionPlanRecord> {
  return readPlan(state, input.id);
}
