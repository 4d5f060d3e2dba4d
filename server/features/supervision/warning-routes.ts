import { Router } from 'express';
import { Gauge } from 'prom-client';
import type { Deps } from '../../deps';
import { esc, htmlDocument } from '../../http/html';
import { problemResponses, type OpenAPIRegistry } from '../../http/openapi';
import { requirePrincipal } from '../auth/principal';
import { redirectToSignIn } from '../auth/sign-in-routes';
import { computeWarnings, WARNING_KINDS, type Warning } from './warning-service';

const GAUGE = 'suyuan_supervision_warnings';
const CSS = 'body{font-family:system-ui,sans-serif;margin:1.5rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}ul{margin:0;padding-left:1rem}';

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

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

function warningRow(w: Warning): string {
  const evidence = w.evidence.slice(0, 10).map((e) => `<li><a href="${esc(text(e.link))}">${esc(text(e.incidentId) || text(e.eventID) || text(e.complaintId) || text(e.link))}</a> ${esc(text(e.bizStep))}</li>`).join('');
  return `<tr class="${esc(w.kind)}"><td>${esc(w.kind)}</td><td>${esc(w.subject)}</td><td>${esc(w.enterpriseIds.join(', '))}</td><td>${esc(w.summary)}</td><td><ul>${evidence}</ul></td></tr>`;
}

function warningsPage(warnings: readonly Warning[], generatedAt: string): string {
  const body = `<h1>风险预警 · Early warnings</h1><p>Signals computed from the index at ${esc(generatedAt)}, each with its evidence.</p>
<table id="warnings"><thead><tr><th>Signal</th><th>Subject</th><th>Enterprises</th><th>Why</th><th>Evidence</th></tr></thead><tbody>${warnings.map(warningRow).join('') || '<tr><td colspan="5">No signals.</td></tr>'}</tbody></table>`;
  return htmlDocument({ title: 'Early warnings — Suyuan', style: CSS, body, lang: 'zh-CN' });
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
