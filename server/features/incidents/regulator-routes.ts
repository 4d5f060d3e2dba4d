import { Router } from 'express';
import type { Deps } from '../../deps';
import { htmlPage } from '../../http/answers';
import type { OpenAPIRegistry } from '../../http/openapi';
import { defineRoute } from '../../http/route';
import { regulatorOverviewSchema } from './incident-schemas';
import { redirectToSignIn } from '../auth/sign-in-routes';
import { incidentsPage } from './regulator-page';
import { enterpriseCounts, incidentWorklist } from './regulator-queries';

const WORKLIST_SIZE = 500;
const tags = ['regulator'];
const roles = ['regulator', 'admin'] as const;

/** Regulator views: the incident worklist (JSON and HTML) and the per-enterprise risk inputs. */
export function regulatorRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  const router = Router();
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/regulator/overview',
      tags,
      roles,
      summary: 'Overdue and late incident reports first; per-enterprise counts of late reports, non-conforming spot checks and recalls',
      responses: { 200: { description: 'The overview', schema: regulatorOverviewSchema } },
    },
    async (c) => {
      c.principal();
      const items = await incidentWorklist(deps.knex, WORKLIST_SIZE);
      const incidents = items.map((i) => ({ ...i.record, overdue: i.overdue }));
      c.res.json({ generatedAt: deps.clock().toISOString(), incidents, enterprises: await enterpriseCounts(deps.knex) });
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/regulator/incidents',
      tags,
      roles,
      summary: 'The incident worklist as an HTML table, overdue first (a browser without a session is sent to /sign-in)',
      responses: {
        200: { description: 'HTML', schema: htmlPage, contentTypes: ['text/html'] },
        303: { description: 'To /sign-in (a browser without a session)', headers: { Location: '/sign-in?next=…' } },
      },
    },
    async (c) => {
      if (redirectToSignIn(c.req, c.res)) return;
      c.principal();
      const items = await incidentWorklist(deps.knex, WORKLIST_SIZE);
      c.res.type('html').send(incidentsPage(items, deps.clock().toISOString()));
    },
  );
  return router;
}
