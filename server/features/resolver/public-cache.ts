import crypto from 'node:crypto';
import type { Request, Response } from 'express';
import type { Checkpoint } from '../../ledger/trace-ledger';
import { LRUCache } from 'lru-cache';

/** A finished public answer: its bytes, their ETag and the headers that go with them. */
export interface PublicAnswer {
  readonly body: string | Buffer;
  readonly etag: string;
  readonly contentType: string;
  readonly headers: Readonly<Record<string, string>>;
}

export function publicAnswer(body: string | Buffer, contentType: string, headers: Readonly<Record<string, string>> = {}): PublicAnswer {
  const etag = `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  return { body, etag, contentType, headers };
}

/**
 * Sends a public, briefly cacheable answer with a strong ETag over its bytes; answers 304 when the
 * client already holds it (`If-None-Match`).
 */
export function sendPublic(req: Request, res: Response, answer: PublicAnswer, maxAgeSeconds = 60): void {
  for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
  res.setHeader('ETag', answer.etag);
  res.setHeader('Cache-Control', `public, max-age=${maxAgeSeconds}`);
  res.append('Vary', 'Accept, Accept-Language');
  const held = (req.headers['if-none-match'] ?? '').split(',').map((s) => s.trim().replace(/^W\//, ''));
  if (held.includes(answer.etag) || held.includes('*')) {
    res.status(304).end();
    return;
  }
  res.type(answer.contentType).send(answer.body);
}

/** {@link sendPublic} for a body built on the spot. */
export function sendCached(req: Request, res: Response, body: string | Buffer, contentType: string, maxAgeSeconds = 60): void {
  sendPublic(req, res, publicAnswer(body, contentType), maxAgeSeconds);
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
