import { Router } from 'express';
import type { Deps } from '../../deps';
import { NotFoundError } from '../../http/errors';
import { problemResponses, type OpenAPIRegistry } from '../../http/openapi';
import { parseOr400 } from '../../http/validate';
import { requirePrincipal } from '../auth/principal';
import { queryDocument } from './epcis-document';
import { epcisHeaders } from './epcis-headers';
import { eventIdParams, eventsQuerySchema } from './events-query-schema';
import { findEvent, queryEvents, type EventRow } from './events-queries';
import { encodePageToken } from './page-token';
import { viewerOf, visibleEvent, type Viewer } from './event-visibility';

/** Suyuan's own extension fields: who declared an event erroneous, when, and in which ledger transaction. */
export const SUYUAN_CONTEXT = { suyuan: 'urn:suyuan:epcis:' } as const;

function withDeclaration(row: EventRow): Readonly<Record<string, unknown>> {
  if (!row.error_declaration) return row.doc;
  const who = row.declared ? { 'suyuan:declaredBy': row.declared.declared_by, 'suyuan:declaredAt': new Date(row.declared.declared_at).toISOString(), 'suyuan:declarationTxId': row.declared.tx_id } : {};
  const context = Array.isArray(row.doc['@context']) ? (row.doc['@context'] as unknown[]) : [];
  return { ...row.doc, '@context': [...context, SUYUAN_CONTEXT], errorDeclaration: { ...row.error_declaration, ...who } };
}

function asEvent(row: EventRow, viewer: Viewer | undefined): Readonly<Record<string, unknown>> {
  return visibleEvent(withDeclaration(row), row.recorder, viewer);
}

function nextLink(originalUrl: string, token: string): string {
  const url = new URL(originalUrl, 'http://x');
  url.searchParams.set('nextPageToken', token);
  return `<${url.pathname}${url.search}>; rel="next"`;
}

/** EPCIS 2.0 query interface: GET /events and GET /events/{eventID}. */
export function eventsRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  const security = [{ apiKey: [] }];
  registry.registerPath({ method: 'get', path: '/events', tags: ['epcis'], security, summary: 'Query events (EPCIS SimpleEventQuery parameters; pipe-separated values)', request: { query: eventsQuerySchema }, responses: { 200: { description: 'EPCISQueryDocument; Link rel="next" when there are more' }, ...problemResponses } });
  registry.registerPath({ method: 'get', path: '/events/{eventID}', tags: ['epcis'], security, summary: 'One event by eventID', request: { params: eventIdParams }, responses: { 200: { description: 'The event' }, ...problemResponses } });
  const router = Router();
  router.use('/events', epcisHeaders);
  router.get('/events', async (req, res) => {
    const principal = requirePrincipal(res, ['enterprise', 'regulator', 'admin']);
    const query = parseOr400(eventsQuerySchema, req.query, 'query');
    const viewer = await viewerOf(deps.knex, principal);
    const rows = await queryEvents(deps.knex, query, { cursor: query.nextPageToken, enterpriseId: viewer?.id });
    const page = rows.slice(0, query.perPage);
    const last = page[page.length - 1];
    if (rows.length > query.perPage && last) res.setHeader('Link', nextLink(req.originalUrl, encodePageToken(last)));
    res.type('application/ld+json').json(queryDocument(page.map((r) => asEvent(r, viewer)), deps.clock()));
  });
  router.get('/events/:eventID', async (req, res) => {
    const principal = requirePrincipal(res, ['enterprise', 'regulator', 'admin']);
    const { eventID } = parseOr400(eventIdParams, req.params, 'path');
    const viewer = await viewerOf(deps.knex, principal);
    const row = await findEvent(deps.knex, eventID, viewer?.id);
    if (!row) throw new NotFoundError(`event ${eventID}`);
    res.type('application/ld+json').json(asEvent(row, viewer));
  });
  return router;
}
