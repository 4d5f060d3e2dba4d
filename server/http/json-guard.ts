import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { InputError } from './errors';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

// NUL cannot be stored in a Postgres text or jsonb value; a lone surrogate is not Unicode text.
const unsafe = (s: string): boolean => s.includes('\u0000') || LONE_SURROGATE.test(s);

function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x22) return i;
  }
  return text.length;
}

function keyOf(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end);
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(text.slice(start, end + 1)) as string;
  } catch {
    return raw;
  }
}

/**
 * The first key that occurs twice in one object of a JSON text, or undefined. Parsers disagree on
 * which copy wins, so a signed record must not depend on it. Linear; malformed text is left to
 * the JSON parser to report.
 */
export function duplicateKey(text: string): string | undefined {
  const objects: Array<Set<string> | undefined> = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const end = stringEnd(text, i);
      if (expectKey && !addKey(objects[objects.length - 1], keyOf(text, i, end))) return keyOf(text, i, end);
      expectKey = false;
      i = end;
    } else expectKey = structural(c, objects, expectKey);
  }
  return undefined;
}

/** Tracks brackets and commas outside strings; returns whether a key comes next. */
function structural(c: number, objects: Array<Set<string> | undefined>, expectKey: boolean): boolean {
  if (c === 0x7b || c === 0x5b) {
    objects.push(c === 0x7b ? new Set() : undefined);
    return c === 0x7b;
  }
  if (c === 0x7d || c === 0x5d) {
    objects.pop();
    return false;
  }
  return c === 0x2c ? objects[objects.length - 1] !== undefined : expectKey;
}

/** Adds `key` to the keys of the innermost object; false when it was there already. */
function addKey(keys: Set<string> | undefined, key: string): boolean {
  if (!keys) return true;
  if (keys.has(key)) return false;
  keys.add(key);
  return true;
}

/** `verify` hook for express.json: refuses a body with a duplicated key (400). */
export function rejectDuplicateKeys(_req: IncomingMessage, _res: unknown, buf: Buffer, encoding: string): void {
  const key = duplicateKey(buf.toString((encoding || 'utf8') as BufferEncoding));
  if (key !== undefined)
    throw new InputError(`JSON body names key "${key}" twice in one object`, [{ path: '', message: `duplicate key "${key}"` }]);
}

/** Where in a parsed body a key or string carries NUL or a lone surrogate (iterative walk), or undefined. */
export function unsafeTextPath(value: unknown): string | undefined {
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length > 0) {
    const [v, path] = stack.pop() as [unknown, string];
    if (typeof v === 'string' && unsafe(v)) return path;
    if (v === null || typeof v !== 'object') continue;
    for (const [k, child] of Object.entries(v)) {
      const at = Array.isArray(v) ? `${path}[${k}]` : path ? `${path}.${k}` : k;
      if (unsafe(k)) return at;
      stack.push([child, at]);
    }
  }
  return undefined;
}

/** Refuses (400) NUL characters in the URL and NUL or lone surrogates anywhere in a parsed body. */
export const rejectUnsafeText: RequestHandler = (req, _res, next) => {
  if (/%00/i.test(req.originalUrl) || req.originalUrl.includes('\u0000'))
    return next(new InputError('The URL contains a NUL character', [{ path: 'url', message: 'NUL is not allowed' }]));
  const path = req.body === undefined ? undefined : unsafeTextPath(req.body);
  if (path !== undefined)
    return next(
      new InputError('The body contains a NUL character or a lone surrogate', [
        { path, message: 'NUL and unpaired surrogates are not allowed' },
      ]),
    );
  next();
};
