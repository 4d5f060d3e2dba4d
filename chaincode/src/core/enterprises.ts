import { caller, requireRole } from './access';
import { conflict, invalid, notFound } from './errors';
import { stableStringify } from './json';
import { attrAfter, K, readJson } from './keys';
import { canonicalIdentifier } from './identifiers';
import type { EnterpriseRecord, IdentityRecord, Location } from './model';
import type { LedgerState } from './state';

export interface BootstrapInput {
  readonly name: string;
}

/** Makes the first caller the ledger's admin; refused once an admin exists. */
export async function bootstrap(state: LedgerState, input: BootstrapInput): Promise<IdentityRecord> {
  if (await state.get(state.key(K.meta, ['admin']))) throw conflict('the ledger is already bootstrapped');
  const identity: IdentityRecord = { ...state.creator, role: 'admin', name: input.name, txId: state.txId };
  await state.put(state.key(K.meta, ['admin']), stableStringify(state.creator));
  await state.put(state.key(K.identity, [identity.mspId, identity.id]), stableStringify(identity));
  state.emit('IdentityRegistered', stableStringify({ identity }));
  return identity;
}

export interface RegisterIdentityInput {
  readonly mspId: string;
  readonly id: string;
  readonly role: 'admin' | 'regulator';
  readonly name: string;
}

/** Registers an admin or regulator identity (admin only). */
export async function registerIdentity(state: LedgerState, input: RegisterIdentityInput): Promise<IdentityRecord> {
  await requireRole(state, ['admin'], 'registering an identity');
  const key = state.key(K.identity, [input.mspId, input.id]);
  if (await state.get(key)) throw conflict(`identity ${input.mspId}/${input.id} is already registered`);
  const identity: IdentityRecord = { mspId: input.mspId, id: input.id, role: input.role, name: input.name, txId: state.txId };
  await state.put(key, stableStringify(identity));
  state.emit('IdentityRegistered', stableStringify({ identity }));
  return identity;
}

export interface RegisterEnterpriseInput {
  readonly id: string;
  readonly name: string;
  readonly companyPrefixes: readonly string[];
  readonly locations?: readonly Location[];
  readonly identity: { readonly mspId: string; readonly id: string };
}

function checkEnterpriseInput(input: RegisterEnterpriseInput): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(input.id)) throw invalid('id must be 1-64 letters, digits, dot, dash or underscore');
  if (!input.name.trim()) throw invalid('name is required');
  if (input.companyPrefixes.length === 0) throw invalid('at least one GS1 company prefix is required');
  for (const p of input.companyPrefixes) if (!/^\d{6,12}$/.test(p)) throw invalid(`company prefix ${p} must be 6-12 digits`);
}

const nested = (a: string, b: string): boolean => a.startsWith(b) || b.startsWith(a);

// Company prefixes never overlap: with one inside another, two enterprises would own the same GTINs.
async function claimPrefixes(state: LedgerState, enterpriseId: string, prefixes: readonly string[]): Promise<void> {
  prefixes.forEach((p, i) => {
    const twin = prefixes.slice(i + 1).find((q) => nested(p, q));
    if (twin !== undefined) throw invalid(`company prefixes ${p} and ${twin} overlap`);
  });
  const base = state.key(K.prefix, []);
  for await (const [key, owner] of state.scan(K.prefix, [])) {
    const existing = attrAfter(base, key);
    const clash = prefixes.find((p) => nested(p, existing));
    if (clash !== undefined) throw conflict(`company prefix ${clash} overlaps ${existing}, which belongs to ${owner}`);
  }
  for (const prefix of prefixes) await state.put(state.key(K.prefix, [prefix]), enterpriseId);
}

function canonicalOrSame(id: string): string {
  try {
    return canonicalIdentifier(id);
  } catch {
    return id.trim();
  }
}

async function claimLocations(state: LedgerState, enterpriseId: string, locations: readonly Location[]): Promise<void> {
  const ids = [...new Set(locations.map((l) => canonicalOrSame(l.id)))];
  for (const id of ids) {
    const owner = await state.get(state.key(K.location, [id]));
    if (owner !== undefined) throw conflict(`location ${id} already belongs to ${owner}`);
  }
  for (const id of ids) await state.put(state.key(K.location, [id]), enterpriseId);
}

/** Registers an enterprise and binds it to its ledger identity (admin or regulator only). */
export async function registerEnterprise(state: LedgerState, input: RegisterEnterpriseInput): Promise<EnterpriseRecord> {
  await requireRole(state, ['admin', 'regulator'], 'registering an enterprise');
  checkEnterpriseInput(input);
  const key = state.key(K.enterprise, [input.id]);
  if (await state.get(key)) throw conflict(`enterprise ${input.id} is already registered`);
  const idKey = state.key(K.identity, [input.identity.mspId, input.identity.id]);
  if (await state.get(idKey)) throw conflict(`identity ${input.identity.mspId}/${input.identity.id} is already bound`);
  await claimPrefixes(state, input.id, input.companyPrefixes);
  await claimLocations(state, input.id, input.locations ?? []);
  const enterprise: EnterpriseRecord = {
    id: input.id,
    name: input.name,
    companyPrefixes: [...input.companyPrefixes],
    locations: [...(input.locations ?? [])],
    identity: { mspId: input.identity.mspId, id: input.identity.id },
    registeredAt: state.txTime,
    txId: state.txId,
  };
  const identity: IdentityRecord = {
    ...enterprise.identity,
    role: 'enterprise',
    name: input.name,
    enterpriseId: input.id,
    txId: state.txId,
  };
  await state.put(key, stableStringify(enterprise));
  await state.put(idKey, stableStringify(identity));
  state.emit('EnterpriseRegistered', stableStringify({ enterprise, identity }));
  return enterprise;
}

/** Reads an enterprise; NOT_FOUND when unknown. */
export async function getEnterprise(state: LedgerState, input: { readonly id: string }): Promise<EnterpriseRecord> {
  const found = await readJson<EnterpriseRecord>(state, state.key(K.enterprise, [input.id]));
  if (!found) throw notFound(`enterprise ${input.id}`);
  return found;
}

/** Who the ledger thinks the caller is. */
export async function whoAmI(state: LedgerState): Promise<IdentityRecord> {
  return (await caller(state)).identity;
}
