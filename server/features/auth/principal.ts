import type { Response } from 'express';
import { AuthenticationError, ForbiddenError } from '../../http/errors';
import type { Signer } from '../../ledger/trace-ledger';

export type Role = 'admin' | 'regulator' | 'enterprise';

/** The caller behind an API key. */
export interface Principal {
  readonly keyId: string;
  readonly name: string;
  readonly role: Role;
  readonly enterpriseId?: string;
}

/** The principal of an authenticated request, or undefined for an anonymous one. */
export function principalOf(res: Response): Principal | undefined {
  return res.locals.principal as Principal | undefined;
}

/** The principal, which must hold one of `roles` (401 when anonymous, 403 when the role is wrong). */
export function requirePrincipal(res: Response, roles: readonly Role[]): Principal {
  const p = principalOf(res);
  if (!p) throw new AuthenticationError();
  if (!roles.includes(p.role)) throw new ForbiddenError(`This needs role ${roles.join(' or ')}; the key has role ${p.role}`);
  return p;
}

/** The ledger identity that signs for this principal. */
export function signerOf(p: Principal): Signer {
  if (p.role === 'enterprise' && p.enterpriseId) return { kind: 'enterprise', enterpriseId: p.enterpriseId };
  return p.role === 'admin' ? { kind: 'admin' } : { kind: 'regulator' };
}
