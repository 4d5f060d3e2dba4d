import { Router } from 'express';
import type { Deps } from '../../deps';
import { NotFoundError } from '../../http/errors';
import { problemResponses, type OpenAPIRegistry } from '../../http/openapi';
import { parseOr400 } from '../../http/validate';
import { answerWrite, notIndexedResponse } from '../../http/write-answer';
import { requirePrincipal, signerOf } from '../auth/principal';
import { blockParams, planIdParams, planSchema, resultSchema } from './inspection-schemas';
import { createPlan, drawPlan, getPlanView, publicInspections, recordResult } from './inspection-service';
import { publicInspectionsPage } from './supervision-pages';

const PUBLIC_PLANS = 100;

function document(registry: OpenAPIRegistry): void {
  const security = [{ apiKey: [] }];
  const tags = ['supervision'];
  const conflict = { 409: { description: 'Already drawn, seed block not committed yet, or not a drawn target' } };
  registry.registerPath({ method: 'post', path: '/inspections/plans', tags, security, summary: 'Record an inspection plan (一单两库一细则: items, inspectors with exclusions, target filter, rules) on the ledger before its draw', request: { body: { content: { 'application/json': { schema: planSchema } } } }, responses: { 201: { description: 'The plan, with blockNumber and the seedBlock its draw waits for' }, ...notIndexedResponse, ...problemResponses } });
  registry.registerPath({ method: 'get', path: '/inspections/plans/{id}', tags, summary: 'A plan (public): lists, rules, the seed block and its hash, the seed, the drawn targets with their inspectors, the results', request: { params: planIdParams }, responses: { 200: { description: 'The plan' }, ...problemResponses } });
  registry.registerPath({ method: 'post', path: '/inspections/plans/{id}/draw', tags, security, summary: 'Record the draw, seeded by the hash of block (plan block + INSPECTION_SEED_DELAY_BLOCKS); 409 until that block exists', request: { params: planIdParams }, responses: { 201: { description: 'The drawn plan' }, ...notIndexedResponse, ...problemResponses, ...conflict } });
  registry.registerPath({ method: 'post', path: '/inspections/{id}/results', tags, security, summary: 'Record the result of inspecting a drawn target of plan {id}: pass or fail, findings, optional lots and document hash (public once recorded)', request: { params: planIdParams, body: { content: { 'application/json': { schema: resultSchema } } } }, responses: { 201: { description: 'The result' }, ...notIndexedResponse, ...problemResponses, ...conflict } });
  registry.registerPath({ method: 'get', path: '/public/inspections', tags, summary: 'Public (一公开): the latest plans, their draws and results (JSON, or a page for browsers)', responses: { 200: { description: '{ plans }, or HTML' } } });
  registry.registerPath({ method: 'get', path: '/ledger/blocks/{number}', tags: ['ledger'], summary: "A committed block's hash (public), so anyone can check an inspection draw's seed", request: { params: blockParams }, responses: { 200: { description: '{ number, hash }' }, ...problemResponses } });
}

/** Double-random inspections: plans, draws, results, and their public list. */
export function inspectionRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  document(registry);
  const router = Router();
  router.post('/inspections/plans', async (req, res) => {
    const principal = requirePrincipal(res, ['regulator', 'admin']);
    const plan = await createPlan(deps, signerOf(principal), parseOr400(planSchema, req.body, 'inspection plan'));
    answerWrite(res, plan, { location: `/inspections/plans/${String(plan.id)}` });
  });
  router.get('/inspections/plans/:id', async (req, res) => {
    res.json(await getPlanView(deps, parseOr400(planIdParams, req.params, 'path').id));
  });
  router.post('/inspections/plans/:id/draw', async (req, res) => {
    const principal = requirePrincipal(res, ['regulator', 'admin']);
    answerWrite(res, await drawPlan(deps, signerOf(principal), parseOr400(planIdParams, req.params, 'path').id));
  });
  router.post('/inspections/:id/results', async (req, res) => {
    const principal = requirePrincipal(res, ['regulator', 'admin']);
    const { id } = parseOr400(planIdParams, req.params, 'path');
    answerWrite(res, await recordResult(deps, signerOf(principal), id, parseOr400(resultSchema, req.body, 'inspection result')));
  });
  router.get('/public/inspections', async (req, res) => {
    const plans = await publicInspections(deps, PUBLIC_PLANS);
    if (req.accepts(['json', 'html']) === 'html') res.type('html').send(publicInspectionsPage(plans));
    else res.json({ plans });
  });
  router.get('/ledger/blocks/:number', async (req, res) => {
    const { number } = parseOr400(blockParams, req.params, 'path');
    const hash = await deps.ledger.blockHash?.(number);
    if (!hash) throw new NotFoundError(`block ${number}`);
    res.json({ number, hash });
  });
  return router;
}
