import { Router } from 'express';
import type { Deps } from '../../deps';
import type { OpenAPIRegistry } from '../../http/openapi';
import { defineRoute } from '../../http/route';
import { signerOf } from '../auth/principal';
import {
  declarationDetailSchema,
  declarationIdParams,
  declarationListSchema,
  declarationQuerySchema,
  declarationWriteSchema,
  publishDeclarationSchema,
  reviseDeclarationSchema,
  supervisionSchema,
  supervisionWriteSchema,
  withdrawSchema,
} from './declaration-schemas';
import {
  getDeclarationView,
  publishDeclaration,
  recordSupervision,
  reviseDeclaration,
  searchDeclarations,
  withdrawDeclaration,
} from './declaration-service';

const tags = ['declarations'];
const params = declarationIdParams;

function changeRoutes(deps: Deps, router: Router, registry: OpenAPIRegistry): void {
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/declarations/{id}/revisions',
      tags,
      roles: ['enterprise'],
      summary: 'Revise: the full new content becomes a new version; the old one is superseded',
      request: { params, body: { schema: reviseDeclarationSchema, what: 'revision' } },
      responses: { 201: { description: 'The new version; Location: /declarations/{id}', schema: declarationWriteSchema } },
      errors: [404, 409, 503],
      errorNotes: { 409: 'Withdrawn' },
    },
    async (c) => {
      const signer = signerOf(c.principal());
      const { id } = c.params;
      const out = await reviseDeclaration(deps, signer, id, c.body);
      c.res.status(201).location(`/declarations/${id}`).json(out);
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/declarations/{id}/withdraw',
      tags,
      roles: ['enterprise'],
      summary: 'Withdraw a declaration (history kept)',
      request: { params, body: { schema: withdrawSchema, what: 'withdrawal', optional: true } },
      responses: { 200: { description: 'The withdrawn declaration', schema: declarationWriteSchema } },
      errors: [404, 409, 503],
      errorNotes: { 409: 'Already withdrawn' },
    },
    async (c) => {
      const signer = signerOf(c.principal());
      const { id } = c.params;
      c.res.json(await withdrawDeclaration(deps, signer, id, c.body.reason));
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/declarations/{id}/supervision',
      tags,
      roles: ['regulator', 'admin'],
      summary: 'Record a spot-check result (regulator)',
      request: { params, body: { schema: supervisionSchema, what: 'supervision result' } },
      responses: { 201: { description: 'The spot check and the declaration', schema: supervisionWriteSchema } },
      errors: [404, 409, 503],
    },
    async (c) => {
      const signer = signerOf(c.principal());
      const { id } = c.params;
      c.res.status(201).json(await recordSupervision(deps, signer, id, c.body));
    },
  );
}

/** Standard self-declarations: public reads, enterprise writes, regulator spot checks. */
export function declarationRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  const router = Router();
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/declarations',
      tags,
      roles: ['enterprise'],
      summary: 'Publish a standard self-declaration (enterprise; every GTIN under its company prefixes)',
      request: { body: { schema: publishDeclarationSchema, what: 'declaration' } },
      responses: { 201: { description: 'Published; Location: /declarations/{id}', schema: declarationWriteSchema } },
      errors: [409, 503],
    },
    async (c) => {
      const out = await publishDeclaration(deps, signerOf(c.principal()), c.body);
      c.res
        .status(201)
        .location(`/declarations/${String(out.declaration.id)}`)
        .json(out);
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/declarations',
      tags,
      summary: 'Search declarations (public)',
      request: { query: declarationQuerySchema },
      responses: { 200: { description: 'Matching declarations', schema: declarationListSchema } },
    },
    async (c) => {
      c.res.json({ declarations: await searchDeclarations(deps, c.query) });
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/declarations/{id}',
      tags,
      summary: 'A declaration with every version, its ledger transaction, and spot checks (public)',
      request: { params },
      responses: { 200: { description: 'Declaration', schema: declarationDetailSchema } },
      errors: [404],
    },
    async (c) => {
      c.res.json(await getDeclarationView(deps, c.params.id));
    },
  );
  changeRoutes(deps, router, registry);
  return router;
}
