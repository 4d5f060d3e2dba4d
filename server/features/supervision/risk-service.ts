import crypto from 'node:crypto';
import { gradeOf, type EnterpriseGrade, type RiskFactor, type RiskRules } from '../../../chaincode/src/core/supervision-grades';
import type { Deps } from '../../deps';
import { UnavailableError } from '../../http/errors';
import { awaitIndex } from '../../index/index-wait';
import type { Signer } from '../../ledger/trace-ledger';
import type { Principal } from '../auth/principal';
import { creditEntries, enterpriseNames, type CreditEntry } from './credit-queries';
import { latestRecordedGrades, type RecordedGrade } from './risk-queries';
import { GRADE1_MEASURES, riskRules } from './risk-rules';

const DAY_MS = 24 * 60 * 60 * 1000;
const RECORDS_PER_FACTOR = 200;

/** One enterprise as GET /regulator/risk lists it. */
export interface EnterpriseRisk extends EnterpriseGrade {
  readonly name: string;
  readonly measures: readonly string[];
  readonly recorded?: RecordedGrade;
}

export interface RiskView {
  readonly asOfHeight: number;
  readonly generatedAt: string;
  readonly windowStart: string;
  readonly rules: RiskRules;
  readonly enterprises: readonly EnterpriseRisk[];
}

function factorsOf(entries: readonly CreditEntry[], rules: RiskRules): RiskFactor[] {
  return Object.keys(rules.weights)
    .sort()
    .map((kind) => {
      const mine = entries.filter((e) => e.kind === kind);
      const weight = rules.weights[kind] ?? 0;
      const records = mine.slice(0, RECORDS_PER_FACTOR).map((e) => ({ id: e.id, txId: e.txId, at: e.at, link: e.link }));
      return { kind, count: mine.length, weight, points: mine.length * weight, records };
    })
    .filter((f) => f.count > 0);
}

/** Grades every enterprise from its credit entries under `rules` (a pure function of its inputs). */
export function gradeEnterprises(enterpriseIds: readonly string[], entries: readonly CreditEntry[], rules: RiskRules): EnterpriseGrade[] {
  return [...enterpriseIds].sort().map((enterpriseId) => {
    const factors = factorsOf(
      entries.filter((e) => e.enterpriseId === enterpriseId),
      rules,
    );
    const score = factors.reduce((sum, f) => sum + f.points, 0);
    return { enterpriseId, grade: gradeOf(score, rules), score, factors };
  });
}

async function computeRisk(deps: Pick<Deps, 'knex' | 'config' | 'clock'>, asOfHeight: number): Promise<RiskView> {
  const rules = riskRules(deps.config);
  const now = deps.clock();
  const windowStart = new Date(now.getTime() - rules.lookbackDays * DAY_MS).toISOString();
  const enterprises = await enterpriseNames(deps.knex);
  const grades = gradeEnterprises(
    enterprises.map((e) => e.id),
    await creditEntries(deps.knex, { since: windowStart }),
    rules,
  );
  const recorded = await latestRecordedGrades(deps.knex);
  const names = new Map(enterprises.map((e) => [e.id, e.name]));
  const listed = grades.map((g) => ({
    ...g,
    name: names.get(g.enterpriseId) ?? g.enterpriseId,
    measures: g.grade === 1 ? [...GRADE1_MEASURES] : [],
    ...(recorded.has(g.enterpriseId) ? { recorded: recorded.get(g.enterpriseId) } : {}),
  }));
  listed.sort((a, b) => a.grade - b.grade || b.score - a.score || a.enterpriseId.localeCompare(b.enterpriseId));
  return { asOfHeight, generatedAt: now.toISOString(), windowStart, rules, enterprises: listed };
}

/** Grades as the index has them now; `asOfHeight` is the ledger height the index has reached. */
export async function currentRisk(deps: Deps): Promise<RiskView> {
  return computeRisk(deps, deps.indexer.position.blockNumber);
}

/** Grades every enterprise at the ledger height and records the run on the ledger. */
export async function recordGrading(deps: Deps, principal: Principal, signer: Signer): Promise<Record<string, unknown>> {
  const { height } = await deps.ledger.info();
  if (!(await deps.indexer.waitForHeight(height, deps.config.INDEX_WAIT_MS)))
    throw new UnavailableError(`the index has not reached the ledger height ${height}; try again shortly`);
  const view = await computeRisk(deps, height);
  const grades = view.enterprises.map((e) => ({ enterpriseId: e.enterpriseId, grade: e.grade, score: e.score, factors: e.factors }));
  const input = {
    id: `rg_${crypto.randomBytes(12).toString('base64url')}`,
    asOfHeight: height,
    windowStart: view.windowStart,
    rules: view.rules,
    grades,
    requestedBy: principal.name,
  };
  const receipt = await deps.ledger.submit(signer, 'RecordRiskGrading', input);
  const index = await awaitIndex(deps.indexer, receipt, deps.config.INDEX_WAIT_MS);
  return { grading: receipt.result, blockNumber: receipt.blockNumber, ...index };
}
