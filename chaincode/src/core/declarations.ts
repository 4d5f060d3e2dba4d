import { requireEnterprise, requireRole } from './access';
import { checkDeclarationContent, type DeclarationContent } from './declaration-rules';
import { conflict, forbidden, invalid, notFound } from './errors';
import { ownedByPrefix, parseIdentifier } from './identifiers';
import { stableStringify } from './json';
import { readJson } from './keys';
import type { EnterpriseRecord } from './model';
import type { LedgerState } from './state';

/** Composite-key types of this module. */
export const DECLARATION_KEYS = { declaration: 'dcl', supervision: 'dclsup' } as const;

export type VersionStatus = 'active' | 'superseded' | 'withdrawn';

/** One version of a declaration: the whole content, and the transaction that put it on the ledger. */
export interface DeclarationVersion extends DeclarationContent {
  readonly version: number;
  readonly status: VersionStatus;
  readonly createdAt: string;
  readonly txId: string;
  readonly changeNote?: string;
  readonly supersededAt?: string;
  readonly supersededByTx?: string;
}

/** A declaration with its complete version history (newest last). */
export interface DeclarationRecord {
  readonly id: string;
  readonly enterpriseId: string;
  readonly status: 'active' | 'withdrawn';
  readonly currentVersion: number;
  readonly publishedAt: string;
  readonly updatedAt: string;
  readonly withdrawnAt?: string;
  readonly withdrawReason?: string;
  readonly txId: string;
  readonly versions: readonly DeclarationVersion[];
}

export interface SupervisionRecord {
  readonly declarationId: string;
  readonly version: number;
  readonly enterpriseId: string;
  readonly result: 'conforming' | 'non-conforming';
  readonly notes: string;
  readonly sampledLot?: string;
  readonly recordedAt: string;
  readonly recordedBy: { readonly role: string; readonly name: string };
  readonly txId: string;
}

export interface PublishDeclarationInput extends DeclarationContent {
  readonly id: string;
}
export interface ReviseDeclarationInput extends DeclarationContent {
  readonly id: string;
  readonly changeNote?: string;
}
export interface WithdrawDeclarationInput {
  readonly id: string;
  readonly reason: string;
}
export interface RecordSupervisionInput {
  readonly id: string;
  readonly result: 'conforming' | 'non-conforming';
  readonly notes: string;
  readonly sampledLot?: string;
}

function checkOwnedProducts(content: DeclarationContent, enterprise: EnterpriseRecord): void {
  for (const p of content.products) {
    const parsed = parseIdentifier(`https://id.gs1.org/01/${p.gtin}`);
    if (!enterprise.companyPrefixes.some((prefix) => ownedByPrefix(parsed, prefix))) {
      throw forbidden(`GTIN ${p.gtin} is not under a company prefix of ${enterprise.id} (${enterprise.companyPrefixes.join(', ')})`);
    }
  }
}

function versionOf(content: DeclarationContent, n: number, state: LedgerState, changeNote?: string): DeclarationVersion {
  return { ...content, version: n, status: 'active', createdAt: state.txTime, txId: state.txId, ...(changeNote ? { changeNote } : {}) };
}

async function save(state: LedgerState, record: DeclarationRecord, eventName: string): Promise<DeclarationRecord> {
  await state.put(state.key(DECLARATION_KEYS.declaration, [record.id]), stableStringify(record));
  state.emit(eventName, stableStringify({ declaration: record }));
  return record;
}

async function ownDeclaration(
  state: LedgerState,
  id: string,
  action: string,
): Promise<{ record: DeclarationRecord; enterprise: EnterpriseRecord }> {
  const { enterprise } = await requireEnterprise(state, action);
  const record = await readJson<DeclarationRecord>(state, state.key(DECLARATION_KEYS.declaration, [id]));
  if (!record) throw notFound(`declaration ${id}`);
  if (record.enterpriseId !== enterprise.id) throw forbidden(`declaration ${id} belongs to ${record.enterpriseId}`);
  if (record.status === 'withdrawn') throw conflict(`declaration ${id} is withdrawn`);
  return { record, enterprise };
}

/** Publishes a new declaration (enterprise only; every GTIN under one of its company prefixes). */
export async function publishDeclaration(state: LedgerState, input: PublishDeclarationInput): Promise<DeclarationRecord> {
  const { enterprise } = await requireEnterprise(state, 'publishing a declaration');
  if (!/^dcl_[A-Za-z0-9_-]{6,64}$/.test(input.id)) throw invalid('declaration id must look like dcl_<random>');
  const content = checkDeclarationContent(input);
  checkOwnedProducts(content, enterprise);
  if (await state.get(state.key(DECLARATION_KEYS.declaration, [input.id]))) throw conflict(`declaration ${input.id} already exists`);
  const record: DeclarationRecord = {
    id: input.id,
    enterpriseId: enterprise.id,
    status: 'active',
    currentVersion: 1,
    publishedAt: state.txTime,
    updatedAt: state.txTime,
    txId: state.txId,
    versions: [versionOf(content, 1, state)],
  };
  return save(state, record, 'DeclarationPublished');
}

/** Replaces the content with a new version; the previous version becomes superseded. */
export async function reviseDeclaration(state: LedgerState, input: ReviseDeclarationInput): Promise<DeclarationRecord> {
  const { record, enterprise } = await ownDeclaration(state, input.id, 'revising a declaration');
  const content = checkDeclarationContent(input);
  checkOwnedProducts(content, enterprise);
  const next = record.currentVersion + 1;
  const versions = record.versions.map((v) =>
    v.status === 'active' ? { ...v, status: 'superseded' as const, supersededAt: state.txTime, supersededByTx: state.txId } : v,
  );
  const revised: DeclarationRecord = {
    ...record,
    currentVersion: next,
    updatedAt: state.txTime,
    txId: state.txId,
    versions: [...versions, versionOf(content, next, state, input.changeNote)],
  };
  return save(state, revised, 'DeclarationRevised');
}

/** Withdraws a declaration; every version stays on the ledger and readable. */
export async function withdrawDeclaration(state: LedgerState, input: WithdrawDeclarationInput): Promise<DeclarationRecord> {
  const { record } = await ownDeclaration(state, input.id, 'withdrawing a declaration');
  if (!input.reason?.trim()) throw invalid('reason is required');
  const versions = record.versions.map((v) => (v.status === 'active' ? { ...v, status: 'withdrawn' as const } : v));
  const withdrawn: DeclarationRecord = {
    ...record,
    status: 'withdrawn',
    withdrawnAt: state.txTime,
    withdrawReason: input.reason,
    updatedAt: state.txTime,
    txId: state.txId,
    versions,
  };
  return save(state, withdrawn, 'DeclarationWithdrawn');
}

/** Records a regulator's spot check of a declaration's current version (regulator or admin). */
export async function recordSupervision(state: LedgerState, input: RecordSupervisionInput): Promise<SupervisionRecord> {
  const { identity } = await requireRole(state, ['regulator', 'admin'], 'recording a supervision result');
  if (input.result !== 'conforming' && input.result !== 'non-conforming') throw invalid('result must be conforming or non-conforming');
  if (!input.notes?.trim()) throw invalid('notes are required');
  const record = await readJson<DeclarationRecord>(state, state.key(DECLARATION_KEYS.declaration, [input.id]));
  if (!record) throw notFound(`declaration ${input.id}`);
  const supervision: SupervisionRecord = {
    declarationId: record.id,
    version: record.currentVersion,
    enterpriseId: record.enterpriseId,
    result: input.result,
    notes: input.notes,
    ...(input.sampledLot ? { sampledLot: input.sampledLot } : {}),
    recordedAt: state.txTime,
    recordedBy: { role: identity.role, name: identity.name },
    txId: state.txId,
  };
  await state.put(state.key(DECLARATION_KEYS.supervision, [record.id, state.txTime, state.txId]), stableStringify(supervision));
  state.emit('SupervisionRecorded', stableStringify({ supervision }));
  return supervision;
}

/** A declaration with its versions and every supervision result (public record). */
export async function getDeclaration(
  state: LedgerState,
  input: { readonly id: string },
): Promise<DeclarationRecord & { supervision: SupervisionRecord[] }> {
  const record = await readJson<DeclarationRecord>(state, state.key(DECLARATION_KEYS.declaration, [input.id]));
  if (!record) throw notFound(`declaration ${input.id}`);
  const supervision: SupervisionRecord[] = [];
  for await (const [, value] of state.scan(DECLARATION_KEYS.supervision, [input.id]))
    supervision.push(JSON.parse(value) as SupervisionRecord);
  return { ...record, supervision };
}
