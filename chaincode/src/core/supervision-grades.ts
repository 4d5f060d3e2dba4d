import { requireRole } from './access';
import { conflict, invalid } from './errors';
import { stableStringify } from './json';
import { K } from './keys';
import type { LedgerState } from './state';

/** Composite-key types of supervision records. */
export const SUPERVISION_KEYS = { grading: 'supgrd', grade: 'supgrade', plan: 'supplan', result: 'supres' } as const;

/** Versioned risk-grading rules: points per record of each kind, grade thresholds, look-back window. */
export interface RiskRules {
  readonly version: string;
  readonly lookbackDays: number;
  readonly weights: Readonly<Record<string, number>>;
  /** A score ≥ grade1 is grade 1 (一级, highest risk); ≥ grade2 is grade 2 (二级); below, grade 3 (三级). */
  readonly thresholds: { readonly grade1: number; readonly grade2: number };
}

/** A ledger record that counts against an enterprise. */
export interface FactorRecord {
  readonly id: string;
  readonly txId: string;
  readonly at: string;
  /** Where the record can be read (a route of the service). */
  readonly link?: string;
}

export interface RiskFactor {
  readonly kind: string;
  readonly count: number;
  readonly weight: number;
  readonly points: number;
  readonly records: readonly FactorRecord[];
}

export interface EnterpriseGrade {
  readonly enterpriseId: string;
  readonly grade: 1 | 2 | 3;
  readonly score: number;
  readonly factors: readonly RiskFactor[];
}

export interface RecordRiskGradingInput {
  readonly id: string;
  /** The ledger height the index had reached when the facts were read. */
  readonly asOfHeight: number;
  /** Records from this instant on were counted (the look-back window's start). */
  readonly windowStart: string;
  readonly rules: RiskRules;
  readonly grades: readonly EnterpriseGrade[];
  /** The regulator's API key name, for the record (the ledger identity is attested separately). */
  readonly requestedBy?: string;
}

export interface RiskGradingRecord extends RecordRiskGradingInput {
  readonly recordedAt: string;
  readonly recordedBy: { readonly role: string; readonly name: string };
  readonly txId: string;
}

const MAX_GRADES = 10_000;
const MAX_RECORDS_PER_FACTOR = 200;

/** The grade a score earns under `rules`. */
export function gradeOf(score: number, rules: RiskRules): 1 | 2 | 3 {
  if (score >= rules.thresholds.grade1) return 1;
  return score >= rules.thresholds.grade2 ? 2 : 3;
}

function checkThresholds(t: RiskRules['thresholds'] | undefined): void {
  if (!t || !Number.isInteger(t.grade1) || !Number.isInteger(t.grade2) || t.grade2 < 1 || t.grade1 <= t.grade2)
    throw invalid('rules.thresholds need whole numbers with grade1 > grade2 ≥ 1');
}

function checkRules(rules: RiskRules | undefined): void {
  if (typeof rules?.version !== 'string' || !rules.version.trim()) throw invalid('rules.version is required');
  if (!Number.isInteger(rules.lookbackDays) || rules.lookbackDays < 1)
    throw invalid('rules.lookbackDays must be a whole number of days ≥ 1');
  const weights = Object.values(rules.weights ?? {});
  if (weights.length === 0 || weights.some((w) => !Number.isInteger(w) || w < 0)) throw invalid('rules.weights must be whole numbers ≥ 0');
  checkThresholds(rules.thresholds);
}

function checkFactor(f: RiskFactor, rules: RiskRules, who: string): void {
  if (rules.weights[f.kind] !== f.weight) throw invalid(`${who}: factor ${f.kind} does not carry the rules' weight`);
  if (!Number.isInteger(f.count) || f.count < 0 || f.points !== f.count * f.weight)
    throw invalid(`${who}: factor ${f.kind} points must be count × weight`);
  if (typeof f.records?.length !== 'number' || f.records.length > Math.min(f.count, MAX_RECORDS_PER_FACTOR))
    throw invalid(`${who}: factor ${f.kind} lists more records than it counts`);
}

// The ledger cannot see the index, but it does hold every grade to the rules it cites.
function checkGrade(g: EnterpriseGrade, rules: RiskRules): void {
  const who = `grade of ${g.enterpriseId}`;
  if (typeof g.factors?.length !== 'number') throw invalid(`${who}: factors must be a list`);
  for (const f of g.factors) checkFactor(f, rules, who);
  if (g.score !== g.factors.reduce((sum, f) => sum + f.points, 0)) throw invalid(`${who}: score must be the sum of its factors' points`);
  if (g.grade !== gradeOf(g.score, rules))
    throw invalid(`${who}: score ${g.score} is grade ${gradeOf(g.score, rules)} under rules ${rules.version}`);
}

async function checkGrades(state: LedgerState, input: RecordRiskGradingInput): Promise<void> {
  if (typeof input.grades?.length !== 'number' || input.grades.length > MAX_GRADES)
    throw invalid(`grades must be a list of at most ${MAX_GRADES}`);
  const ids = input.grades.map((g) => g.enterpriseId);
  if (new Set(ids).size !== ids.length) throw invalid('an enterprise is graded twice');
  for (const g of input.grades) {
    if (!(await state.get(state.key(K.enterprise, [g.enterpriseId])))) throw invalid(`enterprise ${g.enterpriseId} is not registered`);
    checkGrade(g, input.rules);
  }
}

/** Records a grading run (regulator or admin): who graded whom, when, under which rules, from which facts. */
export async function recordRiskGrading(state: LedgerState, input: RecordRiskGradingInput): Promise<RiskGradingRecord> {
  const { identity } = await requireRole(state, ['regulator', 'admin'], 'recording risk grades');
  if (!/^rg_[A-Za-z0-9_-]{6,64}$/.test(input.id)) throw invalid('grading id must look like rg_<random>');
  if (!Number.isInteger(input.asOfHeight) || input.asOfHeight < 0) throw invalid('asOfHeight must be a block height');
  if (typeof input.windowStart !== 'string' || Number.isNaN(Date.parse(input.windowStart)))
    throw invalid('windowStart must be an ISO-8601 date-time');
  checkRules(input.rules);
  await checkGrades(state, input);
  const key = state.key(SUPERVISION_KEYS.grading, [input.id]);
  if (await state.get(key)) throw conflict(`grading ${input.id} already exists`);
  const grading: RiskGradingRecord = {
    id: input.id,
    asOfHeight: input.asOfHeight,
    windowStart: input.windowStart,
    rules: input.rules,
    grades: input.grades,
    ...(input.requestedBy ? { requestedBy: input.requestedBy } : {}),
    recordedAt: state.txTime,
    recordedBy: { role: identity.role, name: identity.name },
    txId: state.txId,
  };
  await state.put(key, stableStringify(grading));
  for (const g of input.grades)
    await state.put(
      state.key(SUPERVISION_KEYS.grade, [g.enterpriseId]),
      stableStringify({ enterpriseId: g.enterpriseId, grade: g.grade, gradingId: input.id, txId: state.txId, at: state.txTime }),
    );
  state.emit('RiskGradingRecorded', stableStringify({ grading }));
  return grading;
}
