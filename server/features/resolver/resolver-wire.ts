import crypto from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { LRUCache } from 'lru-cache';
import type { Deps } from '../../deps';
import { securityHeaderList } from '../../http/security-headers';
import { cookieValue, SESSION_COOKIE } from '../auth/web-sessions';
import { PublicAnswerCache, RESOLVER_CACHE_CONTROL, type PublicAnswer } from './public-cache';

type WireDeps = Pick<Deps, 'config' | 'indexer' | 'logger' | 'metrics'>;

/** No key, no session cookie, no `If-None-Match` / `If-Modified-Since` (those are express's `req.fresh`). */
function anonymousAndUnconditional(h: IncomingHttpHeaders): boolean {
  if (h.authorization !== undefined || h['if-none-match'] !== undefined || h['if-modified-since'] !== undefined) return false;
  return h.cookie === undefined || cookieValue(h.cookie, SESSION_COOKIE) === undefined;
}

/** A GET or HEAD of a resolver path with no query string and no encoded NUL (express refuses those). */
function wireable(method: string | undefined, url: string): boolean {
  return (method === 'GET' || method === 'HEAD') && url.startsWith('/01/') && !url.includes('?') && !/%00/i.test(url);
}

/**
 * The resolver near the wire: a repeated anonymous scan (`GET /01/…`, no query string, no conditional
 * headers, no key or session) whose answer is in memory and current is sent straight from the
 * `node:http` request listener, before express. Everything else — the first scan of a lot after the
 * index moved, `If-None-Match` (answered 304 by express's `req.fresh`), a query such as `?lang=`,
 * a signed-in caller — goes through express as before, and that path fills what this one reads: the
 * answers ({@link PublicAnswerCache}) and which answer and language each Accept / Accept-Language
 * pair negotiated to (so both paths negotiate alike, by express's `req.accepts`).
 *
 * A wire answer has the same bytes and headers as the express one (the security headers helmet sets,
 * Link, Vary, ETag, Cache-Control) except `X-Request-Id`, sent only when the client gave one, and the
 * rate-limit headers: cached answers are not counted against `PUBLIC_RATE_LIMIT_PER_MIN` — each costs
 * about what counting it would, and flooding them is for the CDN or reverse proxy in front. Each is
 * counted (`suyuan_resolver_wire_answers_total`) and a share `ACCESS_LOG_SAMPLE` of them is logged.
 */
export class ResolverWire {
  readonly answers: PublicAnswerCache;
  readonly #variants = new LRUCache<string, string>({ max: 512 });
  readonly #wireHeaders = new WeakMap<PublicAnswer, string[]>();
  readonly #security: readonly string[];
  readonly #deps: WireDeps;

  constructor(deps: WireDeps) {
    this.#deps = deps;
    this.answers = new PublicAnswerCache(deps.config.PUBLIC_CACHE_ENTRIES, () => deps.indexer.position);
    this.#security = securityHeaderList(deps.config.PUBLIC_BASE_URL).flat();
  }

  /** Records what express negotiated for a query-less scan: the cache-key prefix of these request headers. */
  remember(accept: string | undefined, acceptLanguage: string | undefined, keyPrefix: string): void {
    this.#variants.set(`${accept ?? ''}\n${acceptLanguage ?? ''}`, keyPrefix);
  }

  /** Sends the answer and returns true when this request can be answered here; false leaves it untouched for express. */
  serve(req: IncomingMessage, res: ServerResponse): boolean {
    const answer = this.#answerFor(req);
    if (!answer) return false;
    const given = req.headers['x-request-id'];
    if (typeof given === 'string') res.setHeader('X-Request-Id', given);
    res.writeHead(200, this.#headersOf(answer));
    res.end(answer.body);
    this.#deps.metrics.wireAnswers.inc();
    if (Math.random() < this.#deps.config.ACCESS_LOG_SAMPLE) {
      const id = typeof given === 'string' ? given : crypto.randomUUID();
      this.#deps.logger.info(
        {
          req: { id, method: req.method, url: req.url },
          res: { statusCode: 200 },
          wire: true,
          sampled: this.#deps.config.ACCESS_LOG_SAMPLE,
        },
        'request completed',
      );
    }
    return true;
  }

  /** The current in-memory answer to an anonymous, unconditional, query-less scan, if there is one. */
  #answerFor(req: IncomingMessage): PublicAnswer | undefined {
    const url = req.url ?? '';
    if (!wireable(req.method, url)) return undefined;
    const h = req.headers;
    if (!anonymousAndUnconditional(h)) return undefined;
    const prefix = this.#variants.get(`${h.accept ?? ''}\n${h['accept-language'] ?? ''}`);
    return prefix === undefined ? undefined : this.answers.current(`${prefix}${url}`);
  }

  #headersOf(answer: PublicAnswer): string[] {
    let list = this.#wireHeaders.get(answer);
    if (!list) {
      list = [
        ...this.#security,
        ...answer.headers.flat(),
        'Cache-Control',
        RESOLVER_CACHE_CONTROL,
        'Content-Type',
        answer.contentType,
        'Content-Length',
        String(answer.body.length),
      ];
      this.#wireHeaders.set(answer, list);
    }
    return list;
  }
}

const WIRES = new WeakMap<WireDeps, ResolverWire>();

/** The one {@link ResolverWire} (and answer cache) of a set of dependencies, shared by the listener and the routes. */
export function resolverWireOf(deps: WireDeps): ResolverWire {
  let wire = WIRES.get(deps);
  if (!wire) {
    wire = new ResolverWire(deps);
    WIRES.set(deps, wire);
  }
  return wire;
}
