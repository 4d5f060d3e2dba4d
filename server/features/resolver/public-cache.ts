import crypto from 'node:crypto';
import type { Request, Response } from 'express';
import type { Checkpoint } from '../../ledger/trace-ledger';
import { LRUCache } from 'lru-cache';

/** A finished public answer: its bytes, their strong ETag and the headers that go with them. */
export interface PublicAnswer {
  readonly body: Buffer;
  readonly etag: string;
  readonly contentType: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
}

export function publicAnswer(body: string | Buffer, contentType: string, headers: Readonly<Record<string, string>> = {}): PublicAnswer {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const etag = `"${crypto.createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;
  // Text goes out as UTF-8 and says so, as express's res.send would add.
  const type = typeof body === 'string' && !/;\s*charset=/i.test(contentType) ? `${contentType}; charset=utf-8` : contentType;
  return { body: bytes, etag, contentType: type, headers: [...Object.entries(headers), ['ETag', etag]] };
}

/**
 * How long a resolver answer may be kept. Browsers ask again every time (`max-age=0`; with the ETag a
 * repeat costs a 304), shared caches such as a CDN serve it for 20 s and for 10 s more while they fetch
 * it again: a recall (or any other change) reaches every scan within 30 s of being indexed, and a CDN in
 * front takes all but about one request per answer every 20 s off the service.
 */
export const RESOLVER_CACHE_CONTROL = 'public, max-age=0, s-maxage=20, stale-while-revalidate=10';

/**
 * Sends a public, cacheable answer with its strong ETag; answers 304 with no body when the client
 * already holds it (express's `req.fresh`: `If-None-Match` against the ETag set here).
 */
export function sendPublic(req: Request, res: Response, answer: PublicAnswer, cacheControl = RESOLVER_CACHE_CONTROL): void {
  for (const [name, value] of answer.headers) res.setHeader(name, value);
  res.setHeader('Cache-Control', cacheControl);
  if (req.fresh) {
    res.status(304).end();
    return;
  }
  res.setHeader('Content-Type', answer.contentType);
  res.setHeader('Content-Length', answer.body.length);
  res.end(answer.body);
}

/** {@link sendPublic} for a body built on the spot, kept by browsers and shared caches for `maxAgeSeconds`. */
export function sendCached(req: Request, res: Response, body: string | Buffer, contentType: string, maxAgeSeconds = 60): void {
  sendPublic(req, res, publicAnswer(body, contentType), `public, max-age=${maxAgeSeconds}`);
}

/**
 * Finished resolver answers, each valid only while the index stays where it was when the answer was
 * built: any indexed block may change a journey, a recall or a declaration, so the first request
 * after the index moves rebuilds its answer from the index. Between index moves (no ingest, or a
 * consumer surge on a quiet ledger) repeated scans cost a map lookup instead of ten queries.
 */
export class PublicAnswerCache {
  readonly #entries: LRUCache<string, { readonly at: string; readonly answer: PublicAnswer }> | undefined;
  readonly #position: () => Checkpoint;

  constructor(capacity: number, position: () => Checkpoint) {
    this.#entries = capacity > 0 ? new LRUCache({ max: capacity }) : undefined;
    this.#position = position;
  }

  /** The answer kept for `key` if it is still current (the index has not moved since it was built). */
  current(key: string): PublicAnswer | undefined {
    const hit = this.#entries?.get(key);
    return hit?.at === stamp(this.#position()) ? hit.answer : undefined;
  }

  async get(key: string, build: () => Promise<PublicAnswer>): Promise<PublicAnswer> {
    if (!this.#entries) return build();
    const at = stamp(this.#position());
    const hit = this.#entries.get(key);
    if (hit?.at === at) return hit.answer;
    const answer = await build();
    // Stamped with the position read before building: if the index moved meanwhile, the next request rebuilds.
    this.#entries.set(key, { at, answer });
    return answer;
  }
}

function stamp(p: Checkpoint): string {
  return `${p.blockNumber}:${p.txIndex}`;
}
