import type { Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { ServiceError } from './errors';

const READS = new Set(['GET', 'HEAD']);
const PUBLIC_READ = /^\/(?:01|qr)\/|^\/(?:recalls|declarations)(?:\/|$)|^\/ledger\/verify$/;

/**
 * Whether a request is public traffic: the resolver (`/01/…`), QR images, recall notices,
 * declarations, `/ledger/verify` (it re-executes the chain) and complaint posts, made
 * without an API key. Keyed callers are accountable and
 * are not counted.
 */
export function isPublicRequest(req: Request, res: Response): boolean {
  return res.locals.principal === undefined && isPublicTraffic(req.method, req.path);
}

/** Whether a request by `method` on `path` counts against the public budget when made without a key. */
export function isPublicTraffic(method: string, path: string): boolean {
  if (method === 'POST') return path === '/complaints';
  return READS.has(method) && PUBLIC_READ.test(path);
}

/**
 * One per-address budget of `perMinute` requests shared by every public route (0 = no limit).
 * Mount it after authentication; past the budget it answers 429 problem+json with the
 * IETF draft-8 `RateLimit` / `RateLimit-Policy` headers and `Retry-After`.
 */
export function publicRateLimit(perMinute: number): RequestHandler {
  if (perMinute === 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skip: (req, res) => !isPublicRequest(req, res),
    handler: (_req, _res, next) =>
      next(new ServiceError('Too many requests from this address; try again in a minute', 429, 'too-many-requests')),
  });
}
