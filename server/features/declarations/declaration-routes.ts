import { Router } from 'express';
import type { Deps } from '../../deps';
import { problemResponses, type OpenAPIRegistry } from '../../http/openapi';
import { parseOr400 } from '../../http/validate';
import { requirePrincipal, signerOf } from '../auth/principal';
import { declarationIdParams, declarationQuerySchema, publishDeclarationSchema, reviseDeclarationSchema, supervisionSchema, withdrawSchema } from './declaration-schemas';
import { getDeclarationView, publishDeclaration, recordSupervision, reviseDeclaration, searchDeclarations, withdrawDeclaration } from './declaration-service';

function document(registry: OpenAPIRegistry): void {
  const security = [{ apiKey: [] }];
  const tags = ['declarations'];
  const params = declarationIdParams;
  const body = (schema: Parameters<typeof registry.register>[1]): { body: { content: { 'application/json': { schema: typeof schema } } } } => ({ body: { content: { 'application/json': { schema } } } });
  registry.registerPath({ method: 'post', path: '/declarations', tags, security, summary: 'Publish a standard self-declaration (enterprise; every GTIN under its company prefixes)', request: body(publishDeclarationSchema), responses: { 201: { description: '{ declaration, txId, blockNumber }' }, ...problemResponses } });
  registry.registerPath({ method: 'get', path: '/declarations', tags, summary: 'Search declarations (public)', request: { query: declarationQuerySchema }, responses: { 200: { description: '{ declarations }' }, 400: problemResponses[400] } });
  registry.registerPath({ method: 'get', path: '/declarations/{id}', tags, summary: 'A declaration with every version, its ledger transaction, and spot checks (public)', request: { params }, responses: { 200: { description: 'Declaration' }, 404: problemResponses[404] } });
  registry.registerPath({ method: 'post', path: '/declarations/{id}/revisions', tags, security, summary: 'Revise: the full new content becomes a new version; the old one is superseded', request: { params, ...body(reviseDeclarationSchema) }, responses: { 201: { description: '{ declaration, txId, blockNumber }' }, ...problemResponses, 409: { description: 'Withdrawn' } } });
  registry.registerPath({ method: 'post', path: '/declarations/{id}/withdraw', tags, security, summary: 'Withdraw a declaration (history kept)', request: { params, ...body(withdrawSchema) }, responses: { 200: { description: '{ declaration, txId, blockNumber }' }, ...problemResponses, 409: { description: 'Already withdrawn' } } });
  registry.registerPath({ method: 'post', path: '/declarations/{id}/supervision', tags, security, summary: 'Record a spot-check result (regulator)', request: { params, ...body(supervisionSchema) }, responses: { 201: { description: '{ supervision, declaration, txId, blockNumber }' }, ...problemResponses } });
}

/** Standard self-declarations: public reads, enterprise writes, regulator spot checks. */
export function declarationRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  document(registry);
  const router = Router();
  router.post('/declarations', async (req, res) => {
    const principal = requirePrincipal(res, ['enterprise']);
    const out = await publishDeclaration(deps, signerOf(principal), parseOr400(publishDeclarationSchema, req.body, 'declaration'));
    res.status(201).location(`/declarations/${String(out.declaration.id)}`).json(out);
  });
  router.get('/declarations', async (req, res) => {
    res.json({ declarations: await searchDeclarations(deps, parseOr400(declarationQuerySchema, req.query, 'query')) });
  });
  router.get('/declarations/:id', async (req, res) => {
    res.json(await getDeclarationView(deps, parseOr400(declarationIdParams, req.params, 'path').id));
  });
  router.post('/declarations/:id/revisions', async (req, res) => {
    const principal = requirePrincipal(res, ['enterprise']);
    const { id } = parseOr400(declarationIdParams, req.params, 'path');
    const out = await reviseDeclaration(deps, signerOf(principal), id, parseOr400(reviseDeclarationSchema, req.body, 'revision'));
    res.status(201).location(`/declarations/${id}`).json(out);
  });
  router.post('/declarations/:id/withdraw', async (req, res) => {
    const principal = requirePrincipal(res, ['enterprise']);
    const { id } = parseOr400(declarationIdParams, req.params, 'path');
    res.json(await withdrawDeclaration(deps, signerOf(principal), id, parseOr400(withdrawSchema, req.body ?? {}, 'withdrawal').reason));
  });
  router.post('/declarations/:id/supervision', async (req, res) => {
    const principal = requirePrincipal(res, ['regulator', 'admin']);
    const { id } = parseOr400(declarationIdParams, req.params, 'path');
    res.status(201).json(await recordSupervision(deps, signerOf(principal), id, parseOr400(supervisionSchema, req.body, 'supervision result')));
  });
  return router;
}
