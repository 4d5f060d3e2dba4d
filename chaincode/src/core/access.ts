import { forbidden } from './errors';
import { K, readJson } from './keys';
import type { Caller, EnterpriseRecord, IdentityRecord, Role } from './model';
import type { LedgerState } from './state';

/** Resolves the transaction's creator to a registered identity; unknown creators are refused. */
export async function caller(state: LedgerState): Promise<Caller> {
  const { mspId, id } = state.creator;
  const identity = await readJson<IdentityRecord>(state, state.key(K.identity, [mspId, id]));
  if (!identity) throw forbidden(`identity ${mspId}/${id} is not registered on this ledger`);
  if (identity.role !== 'enterprise' || !identity.enterpriseId) return { identity };
  const enterprise = await readJson<EnterpriseRecord>(state, state.key(K.enterprise, [identity.enterpriseId]));
  return enterprise ? { identity, enterprise } : { identity };
}

/** Resolves the creator and requires one of `roles`. */
export async function requireRole(state: LedgerState, roles: readonly Role[], action: string): Promise<Caller> {
  const who = await caller(state);
  if (!roles.includes(who.identity.role)) throw forbidden(`${action} needs role ${roles.join(' or ')}; caller is ${who.identity.role}`);
  return who;
}

/** Resolves the creator and requires it to be a registered enterprise. */
export async function requireEnterprise(state: LedgerState, action: string): Promise<Caller & { enterprise: EnterpriseRecord }> {
  const who = await requireRole(state, ['enterprise'], action);
  if (!who.enterprise) throw forbidden(`${action}: the caller's enterprise is not registered`);
  return { ...who, enterprise: who.enterprise };
}
