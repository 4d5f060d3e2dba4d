import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { ApiKeyRow } from '../../db/rows/api-keys';
import type { Principal, Role } from './principal';

export function hashKey(apiKey: string): string {
  return crypto.createHash('sha256').update(apiKey).digest('hex');
}

export function newApiKey(): string {
  return `sy_${crypto.randomBytes(30).toString('base64url')}`;
}

/** The active key matching `apiKey`; hashes are compared in constant time. */
export async function findActiveKey(knex: Knex, apiKey: string): Promise<Principal | undefined> {
  const hash = hashKey(apiKey);
  const row = await knex('api_keys').where({ key_hash: hash }).whereNull('revoked_at').first();
  if (!row || !crypto.timingSafeEqual(Buffer.from(row.key_hash, 'hex'), Buffer.from(hash, 'hex'))) return undefined;
  return { keyId: row.id, name: row.name, role: row.role, ...(row.enterprise_id ? { enterpriseId: row.enterprise_id } : {}) };
}

export interface NewKey {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly enterpriseId?: string;
}

/** Stores a key's hash (never the key itself). */
export async function insertKey(knex: Knex | Knex.Transaction, key: NewKey, apiKey: string, now: Date): Promise<void> {
  await knex('api_keys').insert({
    id: key.id,
    name: key.name,
    role: key.role,
    enterprise_id: key.enterpriseId ?? null,
    key_hash: hashKey(apiKey),
    created_at: now,
  });
}

/** Marks a key revoked; returns false when there is no such active key. */
export async function revokeKey(knex: Knex, id: string, now: Date): Promise<boolean> {
  return (await knex('api_keys').where({ id }).whereNull('revoked_at').update({ revoked_at: now })) > 0;
}

/** Sets the key with a fixed id to `apiKey` (used for ADMIN_API_KEY). */
export async function upsertKey(knex: Knex, key: NewKey, apiKey: string, now: Date): Promise<void> {
  await knex('api_keys')
    .insert({
      id: key.id,
      name: key.name,
      role: key.role,
      enterprise_id: key.enterpriseId ?? null,
      key_hash: hashKey(apiKey),
      created_at: now,
      revoked_at: null,
    })
    .onConflict('id')
    .merge(['key_hash', 'revoked_at', 'role']);
}

export async function countActiveKeys(knex: Knex, role: Role): Promise<number> {
  const row = await knex('api_keys').where({ role }).whereNull('revoked_at').count<{ count: string }[]>({ count: '*' }).first();
  return Number(row?.count ?? 0);
}

export async function listKeys(knex: Knex): Promise<Array<Omit<ApiKeyRow, 'key_hash'>>> {
  return knex('api_keys').select('id', 'name', 'role', 'enterprise_id', 'created_at', 'revoked_at').orderBy('created_at');
}
