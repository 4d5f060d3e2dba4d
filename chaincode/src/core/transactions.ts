import { getDeclaration, publishDeclaration, recordSupervision, reviseDeclaration, withdrawDeclaration } from './declarations';
import { bootstrap, getEnterprise, registerEnterprise, registerIdentity, whoAmI } from './enterprises';
import { getEvent, getObject, recordEvents } from './events';
import { invalid } from './errors';
import { stableStringify } from './json';
import { getIncident, reportIncident, setIncidentStatus } from './incidents';
import { confirmRecall, getRecall, openRecall } from './recalls';
import { recordRiskGrading } from './supervision-grades';
import { recordInspectionItem, recordInspector } from './supervision-lists';
import { getInspectionPlan, recordInspectionDraw, recordInspectionPlan, recordInspectionResult } from './supervision-inspections';
import type { LedgerState } from './state';

export { OLDEST_REEXECUTED_RULES, RULES_VERSION } from './rules-version';

/** Transactions that change the ledger. The Fabric contract exposes each under the same name. */
export const SUBMIT_FUNCTIONS = {
  Bootstrap: bootstrap,
  RegisterIdentity: registerIdentity,
  RegisterEnterprise: registerEnterprise,
  RecordEvents: recordEvents,
  OpenRecall: openRecall,
  ConfirmRecall: confirmRecall,
  PublishDeclaration: publishDeclaration,
  ReviseDeclaration: reviseDeclaration,
  WithdrawDeclaration: withdrawDeclaration,
  RecordSupervision: recordSupervision,
  ReportIncident: reportIncident,
  SetIncidentStatus: setIncidentStatus,
  RecordRiskGrading: recordRiskGrading,
  RecordInspectionPlan: recordInspectionPlan,
  RecordInspectionDraw: recordInspectionDraw,
  RecordInspectionResult: recordInspectionResult,
  RecordInspectionItem: recordInspectionItem,
  RecordInspector: recordInspector,
} as const;

/** Read-only queries against the world state. */
export const EVALUATE_FUNCTIONS = {
  GetEnterprise: getEnterprise,
  GetEvent: getEvent,
  GetObject: getObject,
  GetRecall: getRecall,
  GetDeclaration: getDeclaration,
  GetIncident: getIncident,
  GetInspectionPlan: getInspectionPlan,
  WhoAmI: whoAmI,
} as const;

type Registry = typeof SUBMIT_FUNCTIONS & typeof EVALUATE_FUNCTIONS;

/** The name of a transaction that changes the ledger. */
export type SubmitName = keyof typeof SUBMIT_FUNCTIONS;
/** The name of a read-only query. */
export type EvaluateName = keyof typeof EVALUATE_FUNCTIONS;
/** What transaction `K` takes (its JSON argument). */
export type Input<K extends keyof Registry> = Parameters<Registry[K]>[1] extends undefined
  ? Record<string, never>
  : NonNullable<Parameters<Registry[K]>[1]>;
/** What transaction `K` answers. */
export type Output<K extends keyof Registry> = Awaited<ReturnType<Registry[K]>>;

type TxFunction = (state: LedgerState, input: unknown) => Promise<unknown>;

function lookup(name: string): TxFunction | undefined {
  const all: Readonly<Record<string, TxFunction>> = { ...SUBMIT_FUNCTIONS, ...EVALUATE_FUNCTIONS } as unknown as Record<string, TxFunction>;
  return Object.hasOwn(all, name) ? all[name] : undefined;
}

/** Runs transaction `name` with a JSON argument and returns its JSON result (sorted keys). */
export async function invoke(state: LedgerState, name: string, argJson: string): Promise<string> {
  const fn = lookup(name);
  if (!fn) throw invalid(`unknown transaction ${name}`);
  let input: unknown;
  try {
    input = JSON.parse(argJson || '{}');
  } catch {
    throw invalid(`argument of ${name} is not JSON`);
  }
  return stableStringify((await fn(state, input)) ?? null);
}
