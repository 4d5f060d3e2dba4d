import { Router } from 'express';
import type { Deps } from '../../deps';
import { problemResponses, type OpenAPIRegistry } from '../../http/openapi';
import { parseOr400 } from '../../http/validate';
import { answerWrite, notIndexedResponse } from '../../http/write-answer';
import { awaitIndex } from '../../index/index-wait';
import { requirePrincipal, signerOf } from '../auth/principal';
import { targetPool } from './inspection-queries';
import { DEFAULT_INSPECTION_RULES, inspectorBodySchema, itemBodySchema, targetQuerySchema } from './inspection-schemas';
import { listInspectors, listItems } from './list-queries';
import { riskRules } from './risk-rules';

function document(registry: OpenAPIRegistry): void {
  const security = [{ apiKey: [] }];
  const tags = ['supervision'];
  registry.registerPath({ method: 'post', path: '/inspections/items', tags, security, summary: 'Add or replace an item of the standing inspection checklist (一单), on the ledger', request: { body: { content: { 'application/json': { schema: itemBodySchema } } } }, responses: { 201: { description: 'The item' }, ...notIndexedResponse, ...problemResponses } });
  registry.registerPath({ method: 'get', path: '/inspections/items', tags, summary: 'The standing inspection checklist (public)', responses: { 200: { description: '{ items }' } } });
  registry.registerPath({ method: 'post', path: '/inspections/inspectors', tags, security, summary: 'Add or replace an inspector of the pool with the enterprises they must not inspect, on the ledger', request: { body: { content: { 'application/json': { schema: inspectorBodySchema } } } }, responses: { 201: { description: 'The inspector' }, ...notIndexedResponse, ...problemResponses } });
  registry.registerPath({ method: 'get', path: '/inspections/inspectors', tags, security, summary: 'The inspector pool', responses: { 200: { description: '{ inspectors }' }, ...problemResponses } });
  registry.registerPath({ method: 'get', path: '/inspections/targets', tags, security, summary: 'The target pool: registered enterprises with their latest recorded grade, by grade, region and product category', request: { query: targetQuerySchema }, responses: { 200: { description: '{ targets }' }, ...problemResponses } });
  registry.registerPath({ method: 'get', path: '/inspections/rules', tags, summary: 'The rules in force (public): the default inspection rules (细则) and the risk grading rules', responses: { 200: { description: '{ inspection, risk }' } } });
}

/** The standing lists of 一单两库一细则: items, inspectors, the target pool, and the rules. */
export function listRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  document(registry);
  const router = Router();
  router.post('/inspections/items', async (req, res) => {
    const principal = requirePrincipal(res, ['regulator', 'admin']);
    const receipt = await deps.ledger.submit(signerOf(principal), 'RecordInspectionItem', parseOr400(itemBodySchema, req.body, 'inspection item'));
    const out = { ...receipt.result, blockNumber: receipt.blockNumber, ...(await awaitIndex(deps.indexer, receipt, deps.config.INDEX_WAIT_MS)) };
    answerWrite(res, out);
  });
  router.get('/inspections/items', async (_req, res) => {
    res.json({ items: await listItems(deps.knex) });
  });
  router.post('/inspections/inspectors', async (req, res) => {
    const principal = requirePrincipal(res, ['regulator', 'admin']);
    const receipt = await deps.ledger.submit(signerOf(principal), 'RecordInspector', parseOr400(inspectorBodySchema, req.body, 'inspector'));
    const out = { ...receipt.result, blockNumber: receipt.blockNumber, ...(await awaitIndex(deps.indexer, receipt, deps.config.INDEX_WAIT_MS)) };
    answerWrite(res, out);
  });
  router.get('/inspections/inspectors', async (_req, res) => {
    requirePrincipal(res, ['regulator', 'admin']);
    res.json({ inspectors: await listInspectors(deps.knex, false) });
  });
  router.get('/inspections/targets', async (req, res) => {
    requirePrincipal(res, ['regulator', 'admin']);
    const q = parseOr400(targetQuerySchema, req.query, 'query');
    const pool = await targetPool(deps.knex, q);
    res.json({ targets: q.grade ? pool.filter((t) => t.grade === q.grade) : pool });
  });
  router.get('/inspections/rules', (_req, res) => {
    res.json({ inspection: DEFAULT_INSPECTION_RULES, risk: riskRules(deps.config) });
  });
  return router;
}
