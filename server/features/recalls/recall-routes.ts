import { Router } from 'express';
import type { Deps } from '../../deps';
import { problemResponses, z, type OpenAPIRegistry } from '../../http/openapi';
import { parseOr400 } from '../../http/validate';
import { answerWrite, notIndexedResponse } from '../../http/write-answer';
import { principalOf, requirePrincipal } from '../auth/principal';
import { confirmRecallSchema, listRecallsQuery, openRecallSchema, recallIdParams, recallNoticeSchema } from './recall-schemas';
import { recallListPage, recallPage } from './recall-page';
import { confirmRecall, openRecall, recallNotices, recallReport } from './recall-service';

function document(registry: OpenAPIRegistry): void {
  const security = [{ apiKey: [] }];
  registry.registerPath({ method: 'post', path: '/recalls', tags: ['recalls'], security, summary: 'Open a recall (regulator, or the enterprise owning every lot); its scope is the forward closure of the lots', request: { body: { content: { 'application/json': { schema: openRecallSchema } } } }, responses: { 201: { description: '{ id, txId, blockNumber, scope, indexed }' }, ...notIndexedResponse, ...problemResponses } });
  registry.registerPath({ method: 'post', path: '/recalls/{id}/confirm', tags: ['recalls'], security, summary: "Confirm affected lots of an enterprise's recall as recalled (the lots' owner, or a regulator)", request: { params: recallIdParams, body: { content: { 'application/json': { schema: confirmRecallSchema } } } }, responses: { 200: { description: '{ recall, txId, blockNumber, indexed }' }, ...notIndexedResponse, ...problemResponses } });
  registry.registerPath({ method: 'get', path: '/recalls', tags: ['recalls'], summary: 'Public recall notices, newest first (JSON, or a page for browsers)', request: { query: listRecallsQuery }, responses: { 200: { description: 'Notices', content: { 'application/json': { schema: z.object({ recalls: z.array(recallNoticeSchema) }) } } }, ...problemResponses } });
  registry.registerPath({ method: 'get', path: '/recalls/{id}', tags: ['recalls'], summary: 'A recall and its scope report (full for regulators; public projection otherwise); browsers asking for HTML get it as a page linking to the trace view', request: { params: recallIdParams }, responses: { 200: { description: 'Recall with scope (JSON, or HTML when the client prefers it)' }, ...problemResponses } });
}

/** Recall routes: regulators (or owners) open recalls; notices and scope reports are public in projection. */
export function recallRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  document(registry);
  const router = Router();
  router.post('/recalls', async (req, res) => {
    const principal = requirePrincipal(res, ['regulator', 'admin', 'enterprise']);
    const out = await openRecall(deps, principal, parseOr400(openRecallSchema, req.body, 'recall'));
    answerWrite(res, out, { location: `/recalls/${out.id}` });
  });
  router.post('/recalls/:id/confirm', async (req, res) => {
    const principal = requirePrincipal(res, ['regulator', 'admin', 'enterprise']);
    const { id } = parseOr400(recallIdParams, req.params, 'path');
    const out = await confirmRecall(deps, principal, id, parseOr400(confirmRecallSchema, req.body, 'body'));
    answerWrite(res, out, { status: 200 });
  });
  router.get('/recalls', async (req, res) => {
    const recalls = await recallNotices(deps, parseOr400(listRecallsQuery, req.query, 'query'));
    res.vary('Accept');
    if (req.accepts(['json', 'html']) === 'html') res.type('html').send(recallListPage(recalls));
    else res.json({ recalls });
  });
  router.get('/recalls/:id', async (req, res) => {
    const { id } = parseOr400(recallIdParams, req.params, 'path');
    const report = await recallReport(deps, principalOf(res), id);
    res.vary('Accept');
    if (req.accepts(['json', 'html']) === 'html') res.type('html').send(recallPage(report));
    else res.json(report);
  });
  return router;
}
