import { Router } from 'express';
import type { Deps } from '../../deps';
import { htmlPage } from '../../http/answers';
import { openApiDocument, z, type OpenAPIRegistry } from '../../http/openapi';
import { defineRoute, documentRoute } from '../../http/route';
import { indexStatus } from '../../index/index-status';
import { DOCS_ASSETS, docsRoutes } from './docs-page';

async function checks(deps: Deps): Promise<Record<string, { ok: boolean; detail?: string }>> {
  const database = await deps.knex
    .raw('select 1')
    .then(() => ({ ok: true }))
    .catch((err: Error) => ({ ok: false, detail: err.message }));
  const ledger = await deps.ledger
    .info()
    .then((i) => ({ ok: true, detail: `${i.mode}, height ${i.height}` }))
    .catch((err: Error) => ({ ok: false, detail: err.message }));
  return { database, ledger };
}

const tags = ['operations'];
const checkSchema = z.object({ ok: z.boolean(), detail: z.string().optional() });
const readinessSchema = z
  .object({
    status: z.enum(['ready', 'degraded', 'not ready']),
    checks: z.object({ database: checkSchema, ledger: checkSchema }),
    index: z
      .object({
        checkpoint: z.object({ blockNumber: z.number().int(), txIndex: z.number().int() }),
        ledgerHeight: z.number().int(),
        lagBlocks: z.number().int(),
        caughtUp: z.boolean(),
        quarantined: z.number().int(),
      })
      .optional()
      .describe('absent when not ready'),
  })
  .openapi('Readiness', {
    example: {
      status: 'ready',
      checks: { database: { ok: true }, ledger: { ok: true, detail: 'embedded, height 42' } },
      index: { checkpoint: { blockNumber: 42, txIndex: 0 }, ledgerHeight: 42, lagBlocks: 0, caughtUp: true, quarantined: 0 },
    },
  });

// The docs routes are mounted by docsRoutes(); their operations are documented here.
function documentDocs(registry: OpenAPIRegistry): void {
  const doc = { method: 'get', tags } as const;
  documentRoute(registry, {
    ...doc,
    path: '/docs',
    summary: 'Interactive API reference (Swagger UI) on /openapi.json',
    responses: {
      200: { description: 'The page', schema: htmlPage, contentTypes: ['text/html'] },
      304: { description: 'Not modified: the client holds this answer already (If-None-Match matched the ETag)' },
    },
  });
  documentRoute(registry, {
    ...doc,
    path: '/docs/init.js',
    summary: 'The script that starts Swagger UI on /openapi.json',
    responses: {
      200: { description: 'JavaScript', schema: z.string(), contentTypes: ['text/javascript'] },
      304: { description: 'Not modified: the client holds this answer already (If-None-Match matched the ETag)' },
    },
  });
  documentRoute(registry, {
    ...doc,
    path: `${DOCS_ASSETS}/{file}`,
    summary: 'The swagger-ui-dist files the page loads (immutable: the path names the version)',
    request: {
      params: z.object({
        file: z.enum([
          'swagger-ui-bundle.js',
          'swagger-ui-bundle.js.map',
          'swagger-ui.css',
          'swagger-ui.css.map',
          'favicon-16x16.png',
          'favicon-32x32.png',
        ]),
      }),
    },
    responses: {
      200: {
        description: 'The file',
        schema: z.string(),
        contentTypes: ['application/javascript', 'text/javascript', 'text/css', 'application/json', 'image/png'],
      },
    },
    errors: [404],
  });
}

/** Liveness, readiness, metrics and the API description. */
export function healthRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  const router = Router();
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/healthz',
      tags,
      summary: 'Liveness',
      responses: {
        200: {
          description: 'The process is up',
          schema: z.object({ status: z.literal('ok') }).openapi('Liveness', { example: { status: 'ok' } }),
        },
      },
    },
    (c) => {
      c.res.json({ status: 'ok' });
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/readyz',
      tags,
      summary: 'Readiness: database and ledger reachable',
      description:
        'status "ready", or "degraded" (still 200) when the index has quarantined ledger events it could not project: `index.quarantined` counts them, GET /ledger/quarantine lists them.',
      responses: {
        200: { description: 'Ready or degraded', schema: readinessSchema },
        503: { description: 'Not ready: a check failed', schema: readinessSchema },
      },
    },
    async (c) => {
      const result = await checks(deps);
      const ok = Object.values(result).every((check) => check.ok);
      const index = ok ? await indexStatus(deps) : undefined;
      const status = !ok ? 'not ready' : index && index.quarantined > 0 ? 'degraded' : 'ready';
      c.res.status(ok ? 200 : 503).json({ status, checks: result, index });
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/metrics',
      tags,
      summary: 'Prometheus metrics',
      responses: { 200: { description: 'Prometheus text format', schema: z.string(), contentTypes: ['text/plain'] } },
    },
    async (c) => {
      const status = await indexStatus(deps).catch(() => undefined);
      if (status) {
        deps.metrics.ledgerHeight.set(status.ledgerHeight);
        deps.metrics.indexLagBlocks.set(status.lagBlocks);
        deps.metrics.indexQuarantined.set(status.quarantined);
      }
      c.res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/openapi.json',
      tags,
      summary: 'This document (OpenAPI 3.1)',
      responses: {
        200: {
          description: 'The OpenAPI document',
          schema: z.object({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) }).catchall(z.unknown()),
        },
        304: { description: 'Not modified: the client holds this answer already (If-None-Match matched the ETag)' },
      },
    },
    (c) => {
      c.res.json(openApiDocument(registry, deps.config.PUBLIC_BASE_URL));
    },
  );
  documentDocs(registry);
  router.use(docsRoutes());
  return router;
}
