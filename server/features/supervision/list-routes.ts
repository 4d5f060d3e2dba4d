import { Router } from 'express';
import type { Deps } from '../../deps';
import { notIndexed } from '../../http/answers';
import type { OpenAPIRegistry } from '../../http/openapi';
import { defineRoute } from '../../http/route';
import { answerWrite } from '../../http/write-answer';
import { awaitIndex } from '../../index/index-wait';
import { signerOf } from '../auth/principal';
import { targetPool } from './inspection-queries';
import { DEFAULT_INSPECTION_RULES, inspectorBodySchema, itemBodySchema, targetQuerySchema } from './inspection-schemas';
import { listInspectors, listItems } from './list-queries';
import { riskRules } from './risk-rules';
import { inspectorListSchema, itemListSchema, listWriteSchema, rulesSchema, targetListSchema } from './supervision-answers';

const tags = ['supervision'];
const writers = ['regulator', 'admin'] as const;

/** The standing lists of 一单两库一细则: items, inspectors, the target pool, and the rules. */
export function listRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  const router = Router();
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/inspections/items',
      tags,
      roles: writers,
      summary: 'Add or replace an item of the standing inspection checklist (一单), on the ledger',
      request: { body: { schema: itemBodySchema, what: 'inspection item' } },
      responses: { 201: { description: 'The item', schema: listWriteSchema }, ...notIndexed(listWriteSchema) },
      errors: [409, 503],
    },
    async (c) => {
      const principal = c.principal();
      const receipt = await deps.ledger.submit(signerOf(principal), 'RecordInspectionItem', c.body);
      const out = {
        ...receipt.result,
        blockNumber: receipt.blockNumber,
        ...(await awaitIndex(deps.indexer, receipt, deps.config.INDEX_WAIT_MS)),
      };
      answerWrite(c.res, out);
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/inspections/items',
      tags,
      summary: 'The standing inspection checklist (public)',
      responses: { 200: { description: 'Items', schema: itemListSchema } },
    },
    async (c) => {
      c.res.json({ items: await listItems(deps.knex) });
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/inspections/inspectors',
      tags,
      roles: writers,
      summary: 'Add or replace an inspector of the pool with the enterprises they must not inspect, on the ledger',
      request: { body: { schema: inspectorBodySchema, what: 'inspector' } },
      responses: { 201: { description: 'The inspector', schema: listWriteSchema }, ...notIndexed(listWriteSchema) },
      errors: [409, 503],
    },
    async (c) => {
      const principal = c.principal();
      const receipt = await deps.ledger.submit(signerOf(principal), 'RecordInspector', c.body);
      const out = {
        ...receipt.result,
        blockNumber: receipt.blockNumber,
        ...(await awaitIndex(deps.indexer, receipt, deps.config.INDEX_WAIT_MS)),
      };
      answerWrite(c.res, out);
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/inspections/inspectors',
      tags,
      roles: writers,
      summary: 'The inspector pool',
      responses: { 200: { description: 'Inspectors', schema: inspectorListSchema } },
    },
    async (c) => {
      c.principal();
      c.res.json({ inspectors: await listInspectors(deps.knex, false) });
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/inspections/targets',
      tags,
      roles: writers,
      summary: 'The target pool: registered enterprises with their latest recorded grade, by grade, region and product category',
      request: { query: targetQuerySchema },
      responses: { 200: { description: 'Targets', schema: targetListSchema } },
    },
    async (c) => {
      c.principal();
      const q = c.query;
      const pool = await targetPool(deps.knex, q);
      c.res.json({ targets: q.grade ? pool.filter((t) => t.grade === q.grade) : pool });
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/inspections/rules',
      tags,
      summary: 'The rules in force (public): the default inspection rules (细则) and the risk grading rules',
      responses: { 200: { description: 'Rules', schema: rulesSchema } },
    },
    (c) => {
      c.res.json({ inspection: DEFAULT_INSPECTION_RULES, risk: riskRules(deps.config) });
    },
  );
  return router;
}
