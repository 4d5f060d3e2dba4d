import { getDeclaration, publishDeclaration, recordSupervision, reviseDeclaration, withdrawDeclaration } from './declarations';
import { bootstrap, getEnterprise, registerEnterprise, registerIdentity, whoAmI } from './enterprises';
import { getEvent, getHistory, getObject, recordEvents } from './events';
import { invalid } from './errors';
import { stableStringify } from './json';
import { getIncident, reportIncident, setIncidentStatus } from './incidents';
import { getRecall, openRecall } from './recalls';
import type { LedgerState } from './state';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type TxFunction = (state: LedgerState, input: any) => Promise<unknown>;

/** Transactions that change the ledger. The Fabric contract exposes each under the same name. */
export const SUBMIT_FUNCTIONS: Readonly<Record<string, TxFunction>> = {
  Bootstrap: bootstrap,
  RegisterIdentity: registerIdentity,
  RegisterEnterprise: registerEnterprise,
  RecordEvents: recordEvents,
  OpenRecall: openRecall,
  PublishDeclaration: publishDeclaration,
  ReviseDeclaration: reviseDeclaration,
  WithdrawDeclaration: withdrawDeclaration,
  RecordSupervision: recordSupervision,
  ReportIncident: reportIncident,
  SetIncidentStatus: setIncidentStatus,
};

/** Read-only queries against the world state. */
export const EVALUATE_FUNCTIONS: Readonly<Record<string, TxFunction>> = {
  GetEnterprise: getEnterprise,
  GetEvent: getEvent,
  GetObject: getObject,
  GetHistory: getHistory,
  GetRecall: getRecall,
  GetDeclaration: getDeclaration,
  GetIncident: getIncident,
  WhoAmI: whoAmI,
};

/** Runs transaction `name` with a JSON argument and returns its JSON result (sorted keys). */
export async function invoke(state: LedgerState, name: string, argJson: string): Promise<string> {
  const fn = SUBMIT_FUNCTIONS[name] ?? EVALUATE_FUNCTIONS[name];
  if (!fn) throw invalid(`unknown transaction ${name}`);
  let input: unknown;
  try {
    input = JSON.parse(argJson || '{}');
  } catch {
    throw invalid(`argument of ${name} is not JSON`);
  }
  return stableStringify((await fn(state, input)) ?? null);
}
