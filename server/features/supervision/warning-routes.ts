import { Router } from 'express';
import { Gauge } from 'prom-client';
import type { Deps } from '../../deps';
import { problemResponses, type OpenAPIRegistry } from '../../http/openapi';
import { requirePrincipal } from '../auth/principal';
import { redirectToSignIn } from '../auth/sign-in-routes';
import { warningsPage } from './warning-page';
import { computeWarnings, WARNING_KINDS } from './warning-service';

const GAUGE = 'suyuan_supervision_warnings';

// One gauge per registry, computed when Prometheus scrapes; an app built twice on one registry reuses it.
function registerGauge(deps: Deps): void {
  if (deps.metrics.registry.getSingleMetric(GAUGE)) return;
  new Gauge({
    name: GAUGE, help: 'Early-warning signals by kind (GET /regulator/warnings)', labelNames: ['kind'], registers: [deps.metrics.registry],
    async collect(): Promise<void> {
      const { warnings } = await computeWarnings(deps);
      for (const kind of WARNING_KINDS) this.set({ kind }, warnings.filter((w) => w.kind === kind).length);
    },
  });
}

/** Risk monitoring with early warning (regulators): JSON, a page, and a Prometheus gauge. */
export function warningRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  registry.registerPath({ method: 'get', path: '/regulator/warnings', tags: ['supervision'], security: [{ apiKey: [] }], summary: 'Early-warning signals from the index — complaint spikes per product, repeated incidents per product category, overdue incident reports, recalled lots still moving — each with its evidence (JSON, or a page for browsers); also the gauge suyuan_supervision_warnings', responses: { 200: { description: '{ generatedAt, rules, warnings }, or HTML' }, ...problemResponses } });
  registerGauge(deps);
  const router = Router();
  router.get('/regulator/warnings', async (req, res) => {
    if (redirectToSignIn(req, res)) return;
    requirePrincipal(res, ['regulator', 'admin']);
    const result = await computeWarnings(deps);
    if (req.accepts(['json', 'html']) === 'html') res.type('html').send(warningsPage(result.warnings, result.generatedAt));
    else res.json(result);
  });
  return router;
}
