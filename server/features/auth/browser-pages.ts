import type { Request } from 'express';

// Pages that are HTML whatever the Accept header says, and the files they offer for download.
const PAGES = /^\/(?:sign-in|trace\/view|trace\/export\.(?:csv|xlsx)|regulator\/incidents)$/;
// Routes that answer JSON or a page by content negotiation: a page only when the browser prefers HTML.
const NEGOTIATED_PAGES = /^\/(?:recalls\/[^/]+|regulator\/(?:warnings|risk))$/;

/**
 * Whether a browser session cookie may stand for an API key on this request: only the server-rendered
 * pages a browser opens (and the trace downloads they link to), on GET or HEAD. Every JSON API route
 * needs the `Authorization` header, so a cookie never turns into API access.
 */
export function cookieOpens(req: Request): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (PAGES.test(req.path)) return true;
  return NEGOTIATED_PAGES.test(req.path) && req.accepts(['json', 'html']) === 'html';
}
