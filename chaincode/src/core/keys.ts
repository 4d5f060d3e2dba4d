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
  location: 'loc',
  lineage: 'lin',
  declaration: 'err',
} as const;

export async function readJson<T>(state: Pick<LedgerState, 'get'>, key: string): Promise<T | undefined> {
  const raw = await state.get(key);
  return raw === undefined ? undefined : (JSON.parse(raw) as T);
}

// eslint-disable-next-line no-control-regex -- composite keys end with the NUL separator, which is stripped here
const TRAILING_NUL = /\u0000$/;

/** The attribute that follows `base` (a key built from a type and leading attributes) in a scanned key. */
export function attrAfter(base: string, key: string): string {
  return key.slice(base.length).replace(TRAILING_NUL, '');
}
