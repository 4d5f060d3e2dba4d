import { caller, requireEnterprise, requireRole } from './access';
import { normaliseGtin } from './declaration-rules';
import { conflict, invalid, notFound } from './errors';
import { stableStringify } from './json';
import { K, readJson } from './keys';
import type { LedgerState } from './state';
import { dueAt, type DeadlineRule } from './working-days';

/** Composite-key type of incident reports. */
export const INCIDENT_KEY = 'inc';

export const SEVERITIES = ['death', 'serious-injury', 'major-property-loss', 'other'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const INCIDENT_STATUSES = ['submitted', 'acknowledged', 'investigating', 'recall-ordered', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** The regulator's workflow: which status may follow which. */
export const INCIDENT_TRANSITIONS: Readonly<Record<IncidentStatus, readonly IncidentStatus[]>> = {
  submitted: ['acknowledged'],
  acknowledged: ['investigating'],
  investigating: ['recall-ordered', 'closed'],
  'recall-ordered': ['closed'],
  closed: [],
};

// The service and the ledger read their clocks separately; a report a few minutes "from the future" is skew, not fraud.
const CLOCK_SKEW_MS = 5 * 60 * 1000;

export interface IncidentProduct {
  readonly gtin: string;
  readonly name?: string;
  readonly model?: string;
}

export interface ReportIncidentInput {
  readonly id: string;
  readonly products: readonly IncidentProduct[];
  /** Lot identifiers (canonical Digital Link lot classes) or lot codes. */
  readonly lots: readonly string[];
  readonly occurredAt: string;
  readonly awareAt: string;
  readonly place?: string;
  readonly severity: Severity;
  readonly peopleAffected: number;
  readonly description: string;
  // Optional so that a first report is never held back past its deadline for want of detail.
  readonly hazard?: string;
  readonly measuresTaken?: string;
  /** The deadline rule in force (from the service's configuration); recorded with the report. */
  readonly rule: DeadlineRule;
}

export interface StatusChange {
  readonly status: IncidentStatus;
  readonly note: string;
  readonly at: string;
  readonly by: { readonly role: string; readonly name: string; readonly enterpriseId?: string };
  readonly txId: string;
  readonly recallId?: string;
}

export interface IncidentRecord extends ReportIncidentInput {
  readonly enterpriseId: string;
  /** The ledger timestamp of the report: what `late` is decided by. */
  readonly reportedAt: string;
  readonly dueAt: string;
  readonly late: boolean;
  readonly status: IncidentStatus;
  readonly history: readonly StatusChange[];
  readonly recallId?: string;
  readonly updatedAt: string;
  /** The transaction that filed the report. */
  readonly txId: string;
}

export interface SetIncidentStatusInput {
  readonly id: string;
  readonly status: IncidentStatus;
  readonly note: string;
  readonly recallId?: string;
}

function instant(value: string, field: string): string {
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw invalid(`${field} must be an ISO-8601 date-time`);
  return new Date(ms).toISOString();
}

function checkTimes(input: ReportIncidentInput, txTime: string): { occurredAt: string; awareAt: string } {
  const occurredAt = instant(input.occurredAt, 'occurredAt');
  const awareAt = instant(input.awareAt, 'awareAt');
  if (awareAt < occurredAt) throw invalid('awareAt cannot be before occurredAt');
  if (Date.parse(awareAt) > Date.parse(txTime) + CLOCK_SKEW_MS) throw invalid('awareAt is in the future');
  return { occurredAt, awareAt };
}

function checkCounts(input: ReportIncidentInput): void {
  if (typeof input.lots?.length !== 'number') throw invalid('lots must be a list');
  if (!Number.isInteger(input.peopleAffected) || input.peopleAffected < 0) throw invalid('peopleAffected must be a whole number');
}

function checkReport(input: ReportIncidentInput): IncidentProduct[] {
  if (!/^inc_[A-Za-z0-9_-]{6,64}$/.test(input.id)) throw invalid('incident id must look like inc_<random>');
  checkCounts(input);
  if (!SEVERITIES.includes(input.severity)) throw invalid(`severity must be one of ${SEVERITIES.join(', ')}`);
  if (!(input.products?.length > 0)) throw invalid('products must list at least one product');
  if (!input.description?.trim()) throw invalid('description is required');
  return input.products.map((p) => ({
    gtin: normaliseGtin(p.gtin),
    ...(p.name ? { name: p.name } : {}),
    ...(p.model ? { model: p.model } : {}),
  }));
}

function optionalText(input: ReportIncidentInput): Pick<ReportIncidentInput, 'place' | 'hazard' | 'measuresTaken'> {
  return {
    ...(input.place ? { place: input.place } : {}),
    ...(input.hazard ? { hazard: input.hazard } : {}),
    ...(input.measuresTaken ? { measuresTaken: input.measuresTaken } : {}),
  };
}

/** Files a product-safety incident report; due time and lateness come from the ledger's own timestamp. */
export async function reportIncident(state: LedgerState, input: ReportIncidentInput): Promise<IncidentRecord> {
  const { enterprise, identity } = await requireEnterprise(state, 'reporting an incident');
  const products = checkReport(input);
  const times = checkTimes(input, state.txTime);
  const rule: DeadlineRule = {
    workingDays: input.rule?.workingDays,
    timeZone: input.rule?.timeZone,
    holidays: [...(input.rule?.holidays ?? [])].sort(),
  };
  const due = dueAt(times.awareAt, rule);
  const key = state.key(INCIDENT_KEY, [input.id]);
  if (await state.get(key)) throw conflict(`incident ${input.id} already exists`);
  const first: StatusChange = {
    status: 'submitted',
    note: 'reported',
    at: state.txTime,
    by: { role: identity.role, name: identity.name, enterpriseId: enterprise.id },
    txId: state.txId,
  };
  const record: IncidentRecord = {
    id: input.id,
    products,
    lots: [...input.lots],
    ...times,
    severity: input.severity,
    peopleAffected: input.peopleAffected,
    description: input.description,
    ...optionalText(input),
    rule,
    enterpriseId: enterprise.id,
    reportedAt: state.txTime,
    dueAt: due,
    late: Date.parse(state.txTime) > Date.parse(due),
    status: 'submitted',
    history: [first],
    updatedAt: state.txTime,
    txId: state.txId,
  };
  await state.put(key, stableStringify(record));
  state.emit('IncidentReported', stableStringify({ incident: record }));
  return record;
}

async function checkRecallLink(state: LedgerState, input: SetIncidentStatusInput): Promise<void> {
  if (input.recallId === undefined) return;
  if (input.status !== 'recall-ordered') throw invalid('recallId goes with status recall-ordered');
  if (!(await state.get(state.key(K.recall, [input.recallId])))) throw invalid(`recall ${input.recallId} is not on the ledger`);
}

/** Moves an incident along the regulator's workflow (regulator or admin), with a note. */
export async function setIncidentStatus(state: LedgerState, input: SetIncidentStatusInput): Promise<IncidentRecord> {
  const { identity } = await requireRole(state, ['regulator', 'admin'], 'changing an incident status');
  if (!input.note?.trim()) throw invalid('note is required');
  const key = state.key(INCIDENT_KEY, [input.id]);
  const record = await readJson<IncidentRecord>(state, key);
  if (!record) throw notFound(`incident ${input.id}`);
  if (!INCIDENT_TRANSITIONS[record.status].includes(input.status)) {
    throw conflict(
      `incident ${input.id} cannot go from ${record.status} to ${input.status} (allowed: ${INCIDENT_TRANSITIONS[record.status].join(', ') || 'none'})`,
    );
  }
  await checkRecallLink(state, input);
  const change: StatusChange = {
    status: input.status,
    note: input.note,
    at: state.txTime,
    by: { role: identity.role, name: identity.name },
    txId: state.txId,
    ...(input.recallId ? { recallId: input.recallId } : {}),
  };
  const next: IncidentRecord = {
    ...record,
    status: input.status,
    history: [...record.history, change],
    updatedAt: state.txTime,
    ...(input.recallId ? { recallId: input.recallId } : {}),
  };
  await state.put(key, stableStringify(next));
  state.emit('IncidentStatusChanged', stableStringify({ incident: next }));
  return next;
}

/** Reads an incident: the reporting enterprise, regulators and admins only (reports are not public). */
export async function getIncident(state: LedgerState, input: { readonly id: string }): Promise<IncidentRecord> {
  const who = await caller(state);
  const record = await readJson<IncidentRecord>(state, state.key(INCIDENT_KEY, [input.id]));
  const mayRead = who.identity.role !== 'enterprise' || record?.enterpriseId === who.identity.enterpriseId;
  if (!record || !mayRead) throw notFound(`incident ${input.id}`);
  return record;
}
