import { Router } from 'express';
import { Gauge } from 'prom-client';
import type { Deps } from '../../deps';
import { htmlPage } from '../../http/answers';
import type { OpenAPIRegistry } from '../../http/openapi';
import { defineRoute } from '../../http/route';
import { redirectToSignIn } from '../auth/sign-in-routes';
import { warningsSchema } from './supervision-answers';
import { warningsPage } from './warning-page';
import { computeWarnings, WARNING_KINDS } from './warning-service';

const GAUGE = 'suyuan_supervision_warnings';

// One gauge per registry, computed when Prometheus scrapes; an app built twice on one registry reuses it.
function registerGauge(deps: Deps): void {
  if (deps.metrics.registry.getSingleMetric(GAUGE)) return;
  new Gauge({
    name: GAUGE,
    help: 'Early-warning signals by kind (GET /regulator/warnings)',
    labelNames: ['kind'],
    registers: [deps.metrics.registry],
    async collect(): Promise<void> {
      const { warnings } = await computeWarnings(deps);
      for (const kind of WARNING_KINDS) this.set({ kind }, warnings.filter((w) => w.kind === kind).length);
    },
  });
}

/** Risk monitoring with early warning (regulators): JSON, a page, and a Prometheus gauge. */
export function warningRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  registerGauge(deps);
  const router = Router();
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/regulator/warnings',
      tags: ['supervision'],
      roles: ['regulator', 'admin'],
      summary:
        'Early-warning signals from the index — complaint spikes per product, repeated incidents per product category, overdue incident reports, recalled lots still moving — each with its evidence (JSON, or a page for browsers); also the gauge suyuan_supervision_warnings',
      responses: {
        200: { description: 'The signals (JSON), or HTML', schema: warningsSchema, also: { 'text/html': htmlPage } },
        303: { description: 'To /sign-in (a browser without a session)', headers: { Location: '/sign-in?next=…' } },
      },
    },
    async (c) => {
      if (redirectToSignIn(c.req, c.res)) return;
      c.principal();
      const result = await computeWarnings(deps);
      if (c.req.accepts(['json', 'html']) === 'html') c.res.type('html').send(warningsPage(result.warnings, result.generatedAt));
      else c.res.json(result);
    },
  );
  return router;
}
