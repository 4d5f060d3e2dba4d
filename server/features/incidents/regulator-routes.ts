import { Router } from 'express';
import type { Deps } from '../../deps';
import { problemResponses, type OpenAPIRegistry } from '../../http/openapi';
import { requirePrincipal } from '../auth/principal';
import { redirectToSignIn } from '../auth/sign-in-routes';
import { incidentsPage } from './regulator-page';
import { enterpriseCounts, incidentWorklist } from './regulator-queries';

const WORKLIST_SIZE = 500;

/** Regulator views: the incident worklist (JSON and HTML) and the per-enterprise risk inputs. */
export function regulatorRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  const security = [{ apiKey: [] }];
  registry.registerPath({ method: 'get', path: '/regulator/overview', tags: ['regulator'], security, summary: 'Overdue and late incident reports first; per-enterprise counts of late reports, non-conforming spot checks and recalls', responses: { 200: { description: '{ generatedAt, incidents, enterprises }' }, ...problemResponses } });
  registry.registerPath({ method: 'get', path: '/regulator/incidents', tags: ['regulator'], security, summary: 'The incident worklist as an HTML table, overdue first', responses: { 200: { description: 'HTML', content: { 'text/html': { schema: { type: 'string' } } } }, ...problemResponses } });
  const router = Router();
  router.get('/regulator/overview', async (_req, res) => {
    requirePrincipal(res, ['regulator', 'admin']);
    const items = await incidentWorklist(deps.knex, WORKLIST_SIZE);
    const incidents = items.map((i) => ({ ...i.record, overdue: i.overdue }));
    res.json({ generatedAt: deps.clock().toISOString(), incidents, enterprises: await enterpriseCounts(deps.knex) });
  });
  router.get('/regulator/incidents', async (req, res) => {
    if (redirectToSignIn(req, res)) return;
    requirePrincipal(res, ['regulator', 'admin']);
    const items = await incidentWorklist(deps.knex, WORKLIST_SIZE);
    res.type('html').send(incidentsPage(items, deps.clock().toISOString()));
  });
  return router;
}
