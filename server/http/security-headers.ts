import http from 'node:http';
import net from 'node:net';
import type { RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

/** The helmet settings of every answer. */
export function helmetOptions(publicBaseUrl: string): HelmetOptions {
  // Upgrading requests to https only makes sense when the service is served over https: on a plain-http
  // address (a LAN demo scanned from a phone) the browser would send the page's forms to a port with no TLS.
  const upgrade = publicBaseUrl.startsWith('https:') ? [] : null;
  // same-origin, not no-referrer: under no-referrer a browser sends `Origin: null` with every form post,
  // and the sign-in form's same-origin check would refuse the service's own pages. Nothing leaves the site either way.
  return {
    referrerPolicy: { policy: 'same-origin' },
    contentSecurityPolicy: {
      directives: { 'script-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'], 'upgrade-insecure-requests': upgrade },
    },
  };
}

/**
 * The headers helmet sets with {@link helmetOptions}, worked out once: helmet runs a single time against
 * a response that is never sent, and its headers are read back. They depend only on the settings, so every
 * answer gets the same list.
 */
export function securityHeaderList(publicBaseUrl: string): ReadonlyArray<readonly [string, string]> {
  const req = new http.IncomingMessage(new net.Socket());
  const res = new http.ServerResponse(req);
  let ran = false;
  helmet(helmetOptions(publicBaseUrl))(req, res, () => {
    ran = true;
  });
  if (!ran) throw new Error('helmet did not set its headers synchronously');
  return Object.entries(res.getHeaders()).map(([name, value]) => [name, String(value)] as const);
}

/** Sets helmet's headers (see {@link securityHeaderList}) on every answer, without running helmet per request. */
export function securityHeaders(publicBaseUrl: string): RequestHandler {
  const list = securityHeaderList(publicBaseUrl);
  return (_req, res, next) => {
    for (const [name, value] of list) res.setHeader(name, value);
    next();
  };
}
