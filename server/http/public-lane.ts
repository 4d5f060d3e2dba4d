import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Router, type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import type { Deps } from '../deps';
import { cookieValue, SESSION_COOKIE } from '../features/auth/web-sessions';
import { rejectUnsafeText } from './json-guard';
import { notFoundHandler, problemHandler } from './problem';

// Anonymous reads that answer the same to everyone: the resolver, QR images and sheets, recall notices.
const LANE_PATHS = /^\/(?:01|qr)\/|^\/recalls(?:\/[^/]+)?\/?$/;

/**
 * Whether a request takes the public lane: a GET or HEAD of a public read with neither an
 * `Authorization` header nor a session cookie. Anything signed in (whose answer may differ, as a recall's
 * full report does) goes through the whole stack, authentication included.
 */
export function takesPublicLane(req: Request): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (req.headers.authorization !== undefined) return false;
  if (req.headers.cookie !== undefined && cookieValue(req.headers.cookie, SESSION_COOKIE) !== undefined) return false;
  return LANE_PATHS.test(req.path);
}

/**
 * The request id (`X-Request-Id`, or a new UUID), the request counted and timed in the same histogram
 * as every other route, and an access log line for a sampled share of answers (`ACCESS_LOG_SAMPLE`) and
 * for every answer of 400 or above — instead of pino-http's line per request.
 */
function laneAccounting(deps: Pick<Deps, 'logger' | 'metrics' | 'config'>): RequestHandler {
  const sample = deps.config.ACCESS_LOG_SAMPLE;
  return (req, res, next) => {
    const started = performance.now();
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' ? given : crypto.randomUUID();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    res.on('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      const status = res.statusCode;
      const route = (req.route as { path?: string } | undefined)?.path;
      deps.metrics.httpDuration.observe(
        { method: req.method, route: route ? `${req.baseUrl}${route}` : 'unmatched', status: String(status) },
        seconds,
      );
      if (status < 400 && Math.random() >= sample) return;
      const line = {
        req: { id, method: req.method, url: req.originalUrl },
        res: { statusCode: status },
        responseTime: Math.round(seconds * 1000),
        sampled: status < 400 ? sample : 1,
      };
      if (status >= 500) deps.logger.error(line, 'request errored');
      else deps.logger.info(line, 'request completed');
    });
    next();
  };
}

/** Errors of the lane become problem+json as everywhere else, logged with the request id. */
function laneProblems(logger: Deps['logger']): ErrorRequestHandler {
  return (err, req, res, next) => {
    req.log = logger.child({ reqId: req.id });
    problemHandler(err, req, res, next);
  };
}

/**
 * The public lane, mounted before the authenticated stack: anonymous reads of the resolver, QR images and
 * recall notices skip the per-request logger, the API-key and session lookup and the body parsers. They
 * keep the same security headers (`securityHeaders`), the shared public rate limit (`rateLimit`), the
 * request histogram, the URL check and problem+json errors. Requests it does not take continue to the
 * full stack untouched; requests it takes end in it (a path no router answers is a 404 here).
 */
export function publicLane(
  deps: Pick<Deps, 'logger' | 'metrics' | 'config'>,
  routers: readonly Router[],
  securityHeaders: RequestHandler,
  rateLimit: RequestHandler,
): Router {
  const lane = Router();
  lane.use((req, _res, next) => next(takesPublicLane(req) ? undefined : 'router'));
  lane.use(laneAccounting(deps));
  lane.use(securityHeaders);
  lane.use(rejectUnsafeText);
  lane.use(rateLimit);
  for (const router of routers) lane.use(router);
  lane.use(notFoundHandler);
  lane.use(laneProblems(deps.logger));
  return lane;
}
