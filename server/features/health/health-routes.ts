import { Router } from 'express';
import type { Deps } from '../../deps';
import { openApiDocument, type OpenAPIRegistry } from '../../http/openapi';
import { indexStatus } from '../../index/index-status';
import { docsRoutes } from './docs-page';

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

/** Liveness, readiness, metrics and the API description. */
export function healthRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  registry.registerPath({ method: 'get', path: '/healthz', tags: ['operations'], summary: 'Liveness', responses: { 200: { description: 'The process is up' } } });
  registry.registerPath({
    method: 'get', path: '/readyz', tags: ['operations'], summary: 'Readiness: database and ledger reachable',
    description: 'status "ready", or "degraded" (still 200) when the index has quarantined ledger events it could not project: `index.quarantined` counts them, GET /ledger/quarantine lists them.',
    responses: { 200: { description: 'Ready or degraded' }, 503: { description: 'Not ready' } },
  });
  registry.registerPath({ method: 'get', path: '/metrics', tags: ['operations'], summary: 'Prometheus metrics', responses: { 200: { description: 'Prometheus text format' } } });
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const result = await checks(deps);
    const ok = Object.values(result).every((c) => c.ok);
    const index = ok ? await indexStatus(deps) : undefined;
    const status = !ok ? 'not ready' : index && index.quarantined > 0 ? 'degraded' : 'ready';
    res.status(ok ? 200 : 503).json({ status, checks: result, index });
  });
  router.get('/metrics', async (_req, res) => {
    const status = await indexStatus(deps).catch(() => undefined);
    if (status) {
      deps.metrics.ledgerHeight.set(status.ledgerHeight);
      deps.metrics.indexLagBlocks.set(status.lagBlocks);
      deps.metrics.indexQuarantined.set(status.quarantined);
    }
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  router.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument(registry, deps.config.PUBLIC_BASE_URL));
  });
  router.use(docsRoutes());
  // The ceiling the QR benchmark compares against: same middleware, no work. Off unless configured.
  if (deps.config.BENCH_BARE_ROUTE) router.get('/bench/bare', (_req, res) => void res.json({ ok: true }));
  return router;
}
