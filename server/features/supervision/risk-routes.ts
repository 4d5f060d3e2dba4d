import { Router } from 'express';
import type { Deps } from '../../deps';
import { NotFoundError } from '../../http/errors';
import { problemResponses, type OpenAPIRegistry } from '../../http/openapi';
import { parseOr400 } from '../../http/validate';
import { answerWrite, notIndexedResponse } from '../../http/write-answer';
import { requirePrincipal, signerOf } from '../auth/principal';
import { creditEntries } from './credit-queries';
import { enterpriseIdParams } from './inspection-schemas';
import { gradingRuns, latestRecordedGrades } from './risk-queries';
import { currentRisk, recordGrading } from './risk-service';
import { redirectToSignIn } from '../auth/sign-in-routes';
import { riskPage } from './risk-page';
import { creditPage } from './supervision-pages';

const RUNS_LISTED = 20;

function document(registry: OpenAPIRegistry): void {
  const security = [{ apiKey: [] }];
  const tags = ['supervision'];
  registry.registerPath({ method: 'get', path: '/regulator/risk', tags, security, summary: 'Risk grades 1 (一级, highest) – 3 of every enterprise, with the score and each factor (linked records), as of the index height; grade-1 actors with their measures; the latest recorded grading runs', responses: { 200: { description: '{ asOfHeight, generatedAt, windowStart, rules, enterprises, runs }, or a page for browsers' }, ...problemResponses } });
  registry.registerPath({ method: 'post', path: '/regulator/risk/grade', tags, security, summary: 'Grade every enterprise at the ledger height and record the grading run on the ledger (who graded whom, when, under which rules)', responses: { 201: { description: '{ grading, blockNumber, indexed }' }, ...notIndexedResponse, ...problemResponses } });
  registry.registerPath({ method: 'get', path: '/enterprises/{id}/credit', tags, summary: 'Public credit record: failed inspections, late incident reports, recalls, non-conforming spot checks, withdrawn or below-recommended declarations, each dated and linked to its ledger record (JSON, or a page for browsers)', request: { params: enterpriseIdParams }, responses: { 200: { description: '{ enterprise, grade, entries }, or HTML' }, ...problemResponses } });
}

async function creditRecord(deps: Deps, id: string): Promise<{ enterprise: { id: string; name: string }; grade?: unknown; entries: Awaited<ReturnType<typeof creditEntries>> }> {
  const enterprise = (await deps.knex('enterprises').select('id', 'name').where({ id }).first()) as { id: string; name: string } | undefined;
  if (!enterprise) throw new NotFoundError(`enterprise ${id}`);
  const grade = (await latestRecordedGrades(deps.knex)).get(id);
  return { enterprise, ...(grade ? { grade } : {}), entries: await creditEntries(deps.knex, { enterpriseId: id }) };
}

/** Risk grades (regulators) and the public credit record. */
export function riskRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  document(registry);
  const router = Router();
  router.get('/regulator/risk', async (req, res) => {
    if (redirectToSignIn(req, res)) return;
    requirePrincipal(res, ['regulator', 'admin']);
    const view = await currentRisk(deps);
    if (req.accepts(['json', 'html']) === 'html') res.type('html').send(riskPage(view));
    else res.json({ ...view, runs: await gradingRuns(deps.knex, RUNS_LISTED) });
  });
  router.post('/regulator/risk/grade', async (_req, res) => {
    const principal = requirePrincipal(res, ['regulator', 'admin']);
    answerWrite(res, await recordGrading(deps, principal, signerOf(principal)));
  });
  router.get('/enterprises/:id/credit', async (req, res) => {
    const record = await creditRecord(deps, parseOr400(enterpriseIdParams, req.params, 'path').id);
    if (req.accepts(['json', 'html']) === 'html') res.type('html').send(creditPage(record.enterprise, record.entries, (record.grade as { grade?: number } | undefined)?.grade));
    else res.json(record);
  });
  return router;
}
