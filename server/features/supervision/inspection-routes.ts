import { Router } from 'express';
import type { Deps } from '../../deps';
import { NotFoundError } from '../../http/errors';
import { htmlPage, notIndexed } from '../../http/answers';
import type { OpenAPIRegistry } from '../../http/openapi';
import { defineRoute } from '../../http/route';
import { answerWrite } from '../../http/write-answer';
import { signerOf } from '../auth/principal';
import { blockParams, planIdParams, planSchema, resultSchema } from './inspection-schemas';
import { createPlan, drawPlan, getPlanView, publicInspections, recordResult } from './inspection-service';
import { publicInspectionsPage } from './supervision-pages';
import { blockHashSchema, planViewSchema, planWriteSchema, publicPlansSchema } from './supervision-answers';

const PUBLIC_PLANS = 100;

const tags = ['supervision'];
const writers = ['regulator', 'admin'] as const;
const conflict = { 409: 'Already drawn, seed block not committed yet, or not a drawn target' } as const;

/** Double-random inspections: plans, draws, results, and their public list. */
export function inspectionRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  const router = Router();
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/inspections/plans',
      tags,
      roles: writers,
      summary:
        'Record an inspection plan (一单两库一细则: items, inspectors with exclusions, target filter, rules) on the ledger before its draw',
      request: { body: { schema: planSchema, what: 'inspection plan' } },
      responses: {
        201: {
          description: 'The plan, with blockNumber and the seedBlock its draw waits for; Location: /inspections/plans/{id}',
          schema: planWriteSchema,
        },
        ...notIndexed(planWriteSchema),
      },
      errors: [404, 409, 503],
    },
    async (c) => {
      const signer = signerOf(c.principal());
      const plan = await createPlan(deps, signer, c.body);
      answerWrite(c.res, plan, { location: `/inspections/plans/${String(plan.id)}` });
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/inspections/plans/{id}',
      tags,
      summary: 'A plan (public): lists, rules, the seed block and its hash, the seed, the drawn targets with their inspectors, the results',
      request: { params: planIdParams },
      responses: { 200: { description: 'The plan', schema: planViewSchema } },
      errors: [404],
    },
    async (c) => {
      c.res.json(await getPlanView(deps, c.params.id));
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/inspections/plans/{id}/draw',
      tags,
      roles: writers,
      summary: 'Record the draw, seeded by the hash of block (plan block + INSPECTION_SEED_DELAY_BLOCKS); 409 until that block exists',
      request: { params: planIdParams },
      responses: { 201: { description: 'The drawn plan', schema: planWriteSchema }, ...notIndexed(planWriteSchema) },
      errors: [404, 409, 503],
      errorNotes: conflict,
    },
    async (c) => {
      const signer = signerOf(c.principal());
      answerWrite(c.res, await drawPlan(deps, signer, c.params.id));
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/inspections/{id}/results',
      tags,
      roles: writers,
      summary:
        'Record the result of inspecting a drawn target of plan {id}: pass or fail, findings, optional lots and document hash (public once recorded)',
      request: { params: planIdParams, body: { schema: resultSchema, what: 'inspection result' } },
      responses: { 201: { description: 'The result', schema: planWriteSchema }, ...notIndexed(planWriteSchema) },
      errors: [404, 409, 503],
      errorNotes: conflict,
    },
    async (c) => {
      const signer = signerOf(c.principal());
      const { id } = c.params;
      answerWrite(c.res, await recordResult(deps, signer, id, c.body));
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/public/inspections',
      tags,
      summary: 'Public (一公开): the latest plans, their draws and results (JSON, or a page for browsers)',
      responses: { 200: { description: 'Plans, or the page', schema: publicPlansSchema, also: { 'text/html': htmlPage } } },
    },
    async (c) => {
      const plans = await publicInspections(deps, PUBLIC_PLANS);
      if (c.req.accepts(['json', 'html']) === 'html') c.res.type('html').send(publicInspectionsPage(plans));
      else c.res.json({ plans });
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/ledger/blocks/{number}',
      tags: ['ledger'],
      summary: "A committed block's hash (public), so anyone can check an inspection draw's seed",
      request: { params: blockParams },
      responses: { 200: { description: 'The block hash', schema: blockHashSchema } },
      errors: [404],
    },
    async (c) => {
      const { number } = c.params;
      const hash = await deps.ledger.blockHash?.(number);
      if (!hash) throw new NotFoundError(`block ${number}`);
      c.res.json({ number, hash });
    },
  );
  return router;
}
