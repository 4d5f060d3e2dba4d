import { Router } from 'express';
import type { Deps } from '../../deps';
import { problemResponses, type OpenAPIRegistry } from '../../http/openapi';
import { parseOr400 } from '../../http/validate';
import { requirePrincipal } from '../auth/principal';
import { redirectToSignIn } from '../auth/sign-in-routes';
import { traceGraphSchema, traceQuerySchema } from './trace-schemas';
import { traceExport, traceGraph } from './trace-service';
import { traceCsv } from './trace-csv';
import { tracePage } from './trace-view';
import { traceXlsx } from './trace-xlsx';

const TRACE_ROLES = ['regulator', 'admin', 'enterprise'] as const;

function document(registry: OpenAPIRegistry): void {
  const security = [{ apiKey: [] }];
  const request = { query: traceQuerySchema };
  registry.registerPath({ method: 'get', path: '/trace', tags: ['trace'], security, summary: 'Trace an identifier backward and forward through transformations, aggregations and shipments', request, responses: { 200: { description: 'The chain as a graph', content: { 'application/json': { schema: traceGraphSchema } } }, ...problemResponses } });
  registry.registerPath({ method: 'get', path: '/trace/export.csv', tags: ['trace'], security, summary: 'The traced chain as an FSMA 204 sortable spreadsheet (one row per event and lot)', request, responses: { 200: { description: 'text/csv' }, ...problemResponses } });
  registry.registerPath({ method: 'get', path: '/trace/export.xlsx', tags: ['trace'], security, summary: 'The same spreadsheet as an xlsx workbook (header frozen, filter on, event dates as date cells)', request, responses: { 200: { description: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }, ...problemResponses } });
  registry.registerPath({ method: 'get', path: '/trace/view', tags: ['trace'], security, summary: 'The traced chain as an HTML page with an SVG graph (recalled nodes in red)', request, responses: { 200: { description: 'text/html' }, ...problemResponses } });
}

function fileName(id: string, extension: 'csv' | 'xlsx'): string {
  return `trace-${id.replace(/^https:\/\/id\.gs1\.org\//, '').replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80)}.${extension}`;
}

/** Trace routes: JSON graph, CSV export and HTML view (regulators and admins; enterprises for what they handled). */
export function traceRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  document(registry);
  const router = Router();
  router.get('/trace', async (req, res) => {
    const principal = requirePrincipal(res, TRACE_ROLES);
    res.json(await traceGraph(deps, principal, parseOr400(traceQuerySchema, req.query, 'query')));
  });
  router.get('/trace/export.csv', async (req, res) => {
    const principal = requirePrincipal(res, TRACE_ROLES);
    const { graph, rows } = await traceExport(deps, principal, parseOr400(traceQuerySchema, req.query, 'query'));
    res.type('text/csv; charset=utf-8').attachment(fileName(graph.id, 'csv')).send(traceCsv(rows));
  });
  router.get('/trace/export.xlsx', async (req, res) => {
    const principal = requirePrincipal(res, TRACE_ROLES);
    const { graph, rows } = await traceExport(deps, principal, parseOr400(traceQuerySchema, req.query, 'query'));
    res.attachment(fileName(graph.id, 'xlsx')).send(await traceXlsx(graph, rows));
  });
  router.get('/trace/view', async (req, res) => {
    if (redirectToSignIn(req, res)) return;
    const principal = requirePrincipal(res, TRACE_ROLES);
    res.type('html').send(tracePage(await traceGraph(deps, principal, parseOr400(traceQuerySchema, req.query, 'query'))));
  });
  return router;
}
