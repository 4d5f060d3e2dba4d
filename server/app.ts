import crypto from 'node:crypto';
import type { RequestListener } from 'node:http';
import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import type { Deps } from './deps';
import { authenticate } from './features/auth/authenticate';
import { FEATURES, type Feature } from './features';
import { qrRoutes } from './features/qr/qr-routes';
import { recallRoutes } from './features/recalls/recall-routes';
import { resolverRoutes } from './features/resolver/resolver-routes';
import { resolverWireOf } from './features/resolver/resolver-wire';
import { depthLimit } from './http/json-depth';
import { rejectDuplicateKeys, rejectUnsafeText } from './http/json-guard';
import { timeRequests } from './http/metrics';
import { createRegistry } from './http/openapi';
import { publicLane } from './http/public-lane';
import { publicRateLimit } from './http/rate-limit';
import { securityHeaders } from './http/security-headers';
import { notFoundHandler, problemHandler } from './http/problem';

export { FEATURES, type Feature };

// Features whose anonymous GETs take the public lane (server/http/public-lane.ts).
const PUBLIC_READS: ReadonlySet<Feature> = new Set([qrRoutes, recallRoutes, resolverRoutes]);

/**
 * Builds the express app; it never listens by itself. Anonymous reads of the resolver, QR images and
 * recall notices take the public lane first (same headers, shared rate limit, sampled access log, no
 * authentication); every other request goes through the full stack below it.
 */
export function createApp(deps: Deps, features: readonly Feature[] = FEATURES): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.set('query parser', 'simple');
  const registry = createRegistry();
  const routers = features.map((feature) => ({ feature, router: feature(deps, registry) }));
  const headers = securityHeaders(deps.config.PUBLIC_BASE_URL);
  // One limiter, so the lane and the full stack share each address's budget.
  const rateLimit = publicRateLimit(deps.config.PUBLIC_RATE_LIMIT_PER_MIN);
  app.use(
    publicLane(
      deps,
      routers.filter((r) => PUBLIC_READS.has(r.feature)).map((r) => r.router),
      headers,
      rateLimit,
    ),
  );
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req) => (req.headers['x-request-id'] as string | undefined) ?? crypto.randomUUID(),
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/metrics' },
    }),
  );
  app.use((req, res, next) => {
    res.setHeader('X-Request-Id', typeof req.id === 'object' ? JSON.stringify(req.id) : String(req.id));
    next();
  });
  app.use(headers);
  app.use(timeRequests(deps.metrics));
  app.use(
    express.json({
      limit: deps.config.BODY_LIMIT_BYTES,
      type: ['application/json', 'application/ld+json', 'application/*+json'],
      verify: rejectDuplicateKeys,
    }),
  );
  app.use(express.urlencoded({ extended: false, limit: '64kb' }));
  app.use(depthLimit(deps.config.JSON_MAX_DEPTH));
  app.use(rejectUnsafeText);
  app.use(authenticate(deps.knex, deps.clock));
  app.use(rateLimit);
  for (const { router } of routers) app.use(router);
  app.use(notFoundHandler);
  app.use(problemHandler);
  return app;
}

/**
 * The `node:http` request listener: a repeated anonymous resolver scan whose answer is in memory is sent
 * before express (server/features/resolver/resolver-wire.ts); every other request goes to `app`.
 */
export function createListener(deps: Deps, app: Express): RequestListener {
  const wire = resolverWireOf(deps);
  return (req, res) => {
    if (!wire.serve(req, res)) app(req, res);
  };
}
