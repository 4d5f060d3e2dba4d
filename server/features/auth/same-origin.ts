import type { Request, RequestHandler } from 'express';
import { ForbiddenError } from '../../http/errors';

function originOf(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** Where a browser says the request comes from: Origin, else the origin of Referer; undefined when it says neither. */
function claimedOrigin(req: Request): string | undefined | null {
  const origin = req.headers.origin;
  if (origin !== undefined) return originOf(origin) ?? null;
  const referer = req.headers.referer;
  if (referer !== undefined) return originOf(referer) ?? null;
  return undefined;
}

/**
 * Refuses (403) a form post that a browser says comes from another site: its Origin (or, without
 * one, its Referer) must be PUBLIC_BASE_URL's origin or name the request's own Host. This stops a
 * foreign page from signing a visitor in with the attacker's key (login CSRF) or out. A request
 * that names neither header is not a browser's cross-site form post and is let through;
 * `Origin: null` (sandboxed or privacy-stripped) is refused.
 */
export function sameOriginPosts(publicBaseUrl: string): RequestHandler {
  const publicOrigin = new URL(publicBaseUrl).origin;
  return (req, _res, next) => {
    const claimed = claimedOrigin(req);
    if (claimed === undefined) return next();
    if (claimed !== null && (claimed === publicOrigin || new URL(claimed).host === req.headers.host)) return next();
    next(new ForbiddenError(`Cross-site form post refused: ${req.method} ${req.path} must come from a page of ${publicOrigin}`));
  };
}
