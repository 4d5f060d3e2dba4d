import crypto from 'node:crypto';
import { parseCookie } from 'cookie';
import type { Knex } from 'knex';
import type { ApiKeyRow } from '../../db/rows/api-keys';
import type { Principal } from './principal';

/** The cookie that carries a browser session for the regulator pages. */
export const SESSION_COOKIE = 'suyuan_session';

function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** Opens a session for an API key; only the token's hash is stored. Returns the token for the cookie. */
export async function openWebSession(knex: Knex, keyId: string, now: Date, ttlMs: number): Promise<string> {
  const token = crypto.randomBytes(32).toString('base64url');
  await knex('web_sessions').where('expires_at', '<=', now).delete();
  await knex('web_sessions').insert({
    token_hash: hashToken(token),
    key_id: keyId,
    created_at: now,
    expires_at: new Date(now.getTime() + ttlMs),
  });
  return token;
}

type SessionRow = Pick<ApiKeyRow, 'id' | 'name' | 'role' | 'enterprise_id'>;

/** The principal behind a session token, if the session has not expired and its key is not revoked. */
export async function sessionPrincipal(knex: Knex, token: string, now: Date): Promise<Principal | undefined> {
  const row: SessionRow | undefined = await knex('web_sessions as s')
    .join('api_keys as k', 'k.id', 's.key_id')
    .where('s.token_hash', hashToken(token))
    .where('s.expires_at', '>', now)
    .whereNull('k.revoked_at')
    .first<SessionRow | undefined>('k.id', 'k.name', 'k.role', 'k.enterprise_id');
  if (!row) return undefined;
  return { keyId: row.id, name: row.name, role: row.role, ...(row.enterprise_id ? { enterpriseId: row.enterprise_id } : {}) };
}

/** Ends a session (signing out). */
export async function closeWebSession(knex: Knex, token: string): Promise<void> {
  await knex('web_sessions').where('token_hash', hashToken(token)).delete();
}

/** The value of one cookie in a Cookie header (the first, if the header repeats the name). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  return header ? parseCookie(header)[name] : undefined;
}
