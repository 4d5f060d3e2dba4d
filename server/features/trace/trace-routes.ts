import { Router } from 'express';
import type { Deps } from '../../deps';
import { htmlPage } from '../../http/answers';
import { z, type OpenAPIRegistry } from '../../http/openapi';
import { defineRoute } from '../../http/route';
import { redirectToSignIn } from '../auth/sign-in-routes';
import { traceGraphSchema, traceQuerySchema } from './trace-schemas';
import { traceExport, traceGraph } from './trace-service';
import { traceCsv } from './trace-csv';
import { tracePage } from './trace-view';
import { traceXlsx } from './trace-xlsx';

const tags = ['trace'];
const roles = ['regulator', 'admin', 'enterprise'] as const;
const request = { query: traceQuerySchema };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const attachment = { 'Content-Disposition': 'attachment; filename="trace-<id>.<csv|xlsx>"' };

function fileName(id: string, extension: 'csv' | 'xlsx'): string {
  return `trace-${id
    .replace(/^https:\/\/id\.gs1\.org\//, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .slice(0, 80)}.${extension}`;
}

/** Trace routes: JSON graph, CSV export and HTML view (regulators and admins; enterprises for what they handled). */
export function traceRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  const router = Router();
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/trace',
      tags,
      roles,
      request,
      summary: 'Trace an identifier backward and forward through transformations, aggregations and shipments',
      responses: { 200: { description: 'The chain as a graph', schema: traceGraphSchema } },
      errors: [404],
    },
    async (c) => {
      const principal = c.principal();
      c.res.json(await traceGraph(deps, principal, c.query));
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/trace/export.csv',
      tags,
      roles,
      request,
      summary: 'The traced chain as an FSMA 204 sortable spreadsheet (one row per event and lot)',
      responses: {
        200: { description: 'CSV, one row per event and lot', schema: z.string(), contentTypes: ['text/csv'], headers: attachment },
      },
      errors: [404],
    },
    async (c) => {
      const principal = c.principal();
      const { graph, rows } = await traceExport(deps, principal, c.query);
      c.res.type('text/csv; charset=utf-8').attachment(fileName(graph.id, 'csv')).send(traceCsv(rows));
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/trace/export.xlsx',
      tags,
      roles,
      request,
      summary: 'The same spreadsheet as an xlsx workbook (header frozen, filter on, event dates as date cells)',
      responses: {
        200: {
          description: 'An xlsx workbook',
          schema: z.string().openapi({ format: 'binary' }),
          contentTypes: [XLSX],
          headers: attachment,
        },
      },
      errors: [404],
    },
    async (c) => {
      const principal = c.principal();
      const { graph, rows } = await traceExport(deps, principal, c.query);
      c.res.attachment(fileName(graph.id, 'xlsx')).send(await traceXlsx(graph, rows));
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/trace/view',
      tags,
      roles,
      request,
      summary:
        'The traced chain as an HTML page with an SVG graph (recalled nodes in red); a browser without a session is sent to /sign-in',
      responses: {
        200: { description: 'HTML', schema: htmlPage, contentTypes: ['text/html'] },
        303: { description: 'To /sign-in (a browser without a session)', headers: { Location: '/sign-in?next=…' } },
      },
      errors: [404],
    },
    async (c) => {
      if (redirectToSignIn(c.req, c.res)) return;
      const principal = c.principal();
      c.res.type('html').send(tracePage(await traceGraph(deps, principal, c.query)));
    },
  );
  return router;
}
