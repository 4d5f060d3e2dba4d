import { Router } from 'express';
import type { Deps } from '../../deps';
import { NotFoundError } from '../../http/errors';
import { htmlPage, notIndexed } from '../../http/answers';
import type { OpenAPIRegistry } from '../../http/openapi';
import { defineRoute } from '../../http/route';
import { answerWrite } from '../../http/write-answer';
import { signerOf } from '../auth/principal';
import { creditEntries } from './credit-queries';
import { enterpriseIdParams } from './inspection-schemas';
import { gradingRuns, latestRecordedGrades } from './risk-queries';
import { currentRisk, recordGrading } from './risk-service';
import { redirectToSignIn } from '../auth/sign-in-routes';
import { riskPage } from './risk-page';
import { creditPage } from './supervision-pages';
import { creditRecordSchema, gradingWriteSchema, riskViewSchema } from './supervision-answers';

const RUNS_LISTED = 20;

const tags = ['supervision'];
const roles = ['regulator', 'admin'] as const;
const toSignIn = { 303: { description: 'To /sign-in (a browser without a session)', headers: { Location: '/sign-in?next=…' } } };

async function creditRecord(
  deps: Deps,
  id: string,
): Promise<{ enterprise: { id: string; name: string }; grade?: unknown; entries: Awaited<ReturnType<typeof creditEntries>> }> {
  const enterprise = await deps.knex('enterprises').select('id', 'name').where({ id }).first<{ id: string; name: string } | undefined>();
  if (!enterprise) throw new NotFoundError(`enterprise ${id}`);
  const grade = (await latestRecordedGrades(deps.knex)).get(id);
  return { enterprise, ...(grade ? { grade } : {}), entries: await creditEntries(deps.knex, { enterpriseId: id }) };
}

/** Risk grades (regulators) and the public credit record. */
export function riskRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  const router = Router();
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/regulator/risk',
      tags,
      roles,
      summary:
        'Risk grades 1 (一级, highest) – 3 of every enterprise, with the score and each factor (linked records), as of the index height; grade-1 actors with their measures; the latest recorded grading runs',
      responses: {
        200: { description: 'The grades (JSON), or a page for browsers', schema: riskViewSchema, also: { 'text/html': htmlPage } },
        ...toSignIn,
      },
    },
    async (c) => {
      if (redirectToSignIn(c.req, c.res)) return;
      c.principal();
      const view = await currentRisk(deps);
      if (c.req.accepts(['json', 'html']) === 'html') c.res.type('html').send(riskPage(view));
      else c.res.json({ ...view, runs: await gradingRuns(deps.knex, RUNS_LISTED) });
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/regulator/risk/grade',
      tags,
      roles,
      summary:
        'Grade every enterprise at the ledger height and record the grading run on the ledger (who graded whom, when, under which rules)',
      responses: { 201: { description: 'The grading run', schema: gradingWriteSchema }, ...notIndexed(gradingWriteSchema) },
      errors: [409, 503],
    },
    async (c) => {
      const principal = c.principal();
      answerWrite(c.res, await recordGrading(deps, principal, signerOf(principal)));
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/enterprises/{id}/credit',
      tags,
      summary:
        'Public credit record: failed inspections, late incident reports, recalls, non-conforming spot checks, withdrawn or below-recommended declarations, each dated and linked to its ledger record (JSON, or a page for browsers)',
      request: { params: enterpriseIdParams },
      responses: { 200: { description: 'The credit record (JSON), or HTML', schema: creditRecordSchema, also: { 'text/html': htmlPage } } },
      errors: [404],
    },
    async (c) => {
      const record = await creditRecord(deps, c.params.id);
      if (c.req.accepts(['json', 'html']) === 'html')
        c.res.type('html').send(creditPage(record.enterprise, record.entries, (record.grade as { grade?: number } | undefined)?.grade));
      else c.res.json(record);
    },
  );
  return router;
}
