import { Router } from 'express';
import type { Deps } from '../../deps';
import { problemResponses, type OpenAPIRegistry } from '../../http/openapi';
import { parseOr400 } from '../../http/validate';
import { answerWrite, notIndexedResponse } from '../../http/write-answer';
import { requirePrincipal, signerOf } from '../auth/principal';
import { incidentIdParams, incidentQuerySchema, reportIncidentSchema, statusChangeSchema } from './incident-schemas';
import { changeIncidentStatus, getIncidentView, reportIncident, searchIncidents } from './incident-service';

function document(registry: OpenAPIRegistry): void {
  const security = [{ apiKey: [] }];
  const tags = ['incidents'];
  registry.registerPath({ method: 'post', path: '/incidents', tags, security, summary: 'File a mandatory product-safety incident report (enterprise); the ledger fixes dueAt and late', request: { body: { content: { 'application/json': { schema: reportIncidentSchema } } } }, responses: { 201: { description: 'The incident, with dueAt, late, status, txId and indexed' }, ...notIndexedResponse, ...problemResponses } });
  registry.registerPath({ method: 'get', path: '/incidents', tags, security, summary: 'Incidents: a regulator sees all, an enterprise its own', request: { query: incidentQuerySchema }, responses: { 200: { description: '{ incidents }' }, ...problemResponses } });
  registry.registerPath({ method: 'get', path: '/incidents/{id}', tags, security, summary: 'One incident (its reporter or a regulator; 404 for anyone else)', request: { params: incidentIdParams }, responses: { 200: { description: 'Incident with status history and linked recalls' }, ...problemResponses } });
  registry.registerPath({ method: 'post', path: '/incidents/{id}/status', tags, security, summary: 'Move an incident along submitted → acknowledged → investigating → recall-ordered | closed (regulator)', request: { params: incidentIdParams, body: { content: { 'application/json': { schema: statusChangeSchema } } } }, responses: { 200: { description: 'The incident' }, ...notIndexedResponse, ...problemResponses, 409: { description: 'Not a valid transition' } } });
}

/** Incident reports: enterprises file, regulators review; never public. */
export function incidentRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  document(registry);
  const router = Router();
  router.post('/incidents', async (req, res) => {
    const principal = requirePrincipal(res, ['enterprise']);
    const incident = await reportIncident(deps, principal, signerOf(principal), parseOr400(reportIncidentSchema, req.body, 'incident report'));
    answerWrite(res, incident, { location: `/incidents/${String(incident.id)}` });
  });
  router.get('/incidents', async (req, res) => {
    const principal = requirePrincipal(res, ['enterprise', 'regulator', 'admin']);
    res.json({ incidents: await searchIncidents(deps, principal, parseOr400(incidentQuerySchema, req.query, 'query')) });
  });
  router.get('/incidents/:id', async (req, res) => {
    const principal = requirePrincipal(res, ['enterprise', 'regulator', 'admin']);
    res.json(await getIncidentView(deps, principal, parseOr400(incidentIdParams, req.params, 'path').id));
  });
  router.post('/incidents/:id/status', async (req, res) => {
    const principal = requirePrincipal(res, ['regulator', 'admin']);
    const { id } = parseOr400(incidentIdParams, req.params, 'path');
    answerWrite(res, await changeIncidentStatus(deps, principal, signerOf(principal), id, parseOr400(statusChangeSchema, req.body, 'status change')), { status: 200 });
  });
  return router;
}
