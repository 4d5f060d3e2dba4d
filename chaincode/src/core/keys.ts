import type { LedgerState } from './state';

/** Composite-key object types; short because every key carries them. */
export const K = {
  meta: 'meta',
  identity: 'idn',
  enterprise: 'ent',
  prefix: 'pfx',
  event: 'ev',
  object: 'obj',
  history: 'hist',
  recall: 'rcl',
} as const;

export async function readJson<T>(state: Pick<LedgerState, 'get'>, key: string): Promise<T | undefined> {
  const raw = await state.get(key);
  return raw === undefined ? undefined : (JSON.parse(raw) as T);
}
