import crypto from 'node:crypto';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Deps } from './deps';
import { authenticate } from './features/auth/authenticate';
import { FEATURES, type Feature } from './features';
import { depthLimit } from './http/json-depth';
import { rejectDuplicateKeys, rejectUnsafeText } from './http/json-guard';
import { timeRequests } from './http/metrics';
import { createRegistry } from './http/openapi';
import { publicRateLimit } from './http/rate-limit';
import { notFoundHandler, problemHandler } from './http/problem';

export { FEATURES, type Feature };

/** Builds the express app; it never listens by itself. */
export function createApp(deps: Deps, features: readonly Feature[] = FEATURES): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.set('query parser', 'simple');
  app.use(pinoHttp({ logger: deps.logger, genReqId: (req) => (req.headers['x-request-id'] as string | undefined) ?? crypto.randomUUID(), autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/metrics' } }));
  app.use((req, res, next) => {
    res.setHeader('X-Request-Id', typeof req.id === 'object' ? JSON.stringify(req.id) : String(req.id));
    next();
  });
  // Upgrading requests to https only makes sense when the service is served over https: on a plain-http
  // address (a LAN demo scanned from a phone) the browser would send the page's forms to a port with no TLS.
  const upgrade = deps.config.PUBLIC_BASE_URL.startsWith('https:') ? [] : null;
  // same-origin, not no-referrer: under no-referrer a browser sends `Origin: null` with every form post,
  // and the sign-in form's same-origin check would refuse the service's own pages. Nothing leaves the site either way.
  app.use(helmet({ referrerPolicy: { policy: 'same-origin' }, contentSecurityPolicy: { directives: { 'script-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'], 'upgrade-insecure-requests': upgrade } } }));
  app.use(timeRequests(deps.metrics));
  app.use(express.json({ limit: deps.config.BODY_LIMIT_BYTES, type: ['application/json', 'application/ld+json', 'application/*+json'], verify: rejectDuplicateKeys }));
  app.use(express.urlencoded({ extended: false, limit: '64kb' }));
  app.use(depthLimit(deps.config.JSON_MAX_DEPTH));
  app.use(rejectUnsafeText);
  app.use(authenticate(deps.knex, deps.clock));
  app.use(publicRateLimit(deps.config.PUBLIC_RATE_LIMIT_PER_MIN));
  const registry = createRegistry();
  for (const feature of features) app.use(feature(deps, registry));
  app.use(notFoundHandler);
  app.use(problemHandler);
  return app;
}
