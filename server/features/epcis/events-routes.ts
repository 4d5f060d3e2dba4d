import { Router } from 'express';
import type { Deps } from '../../deps';
import { NotFoundError } from '../../http/errors';
import type { OpenAPIRegistry } from '../../http/openapi';
import { defineRoute } from '../../http/route';
import { epcisEventAnswer, queryDocumentSchema } from './epcis-answers';
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
  const who = row.declared
    ? {
        'suyuan:declaredBy': row.declared.declared_by,
        'suyuan:declaredAt': new Date(row.declared.declared_at).toISOString(),
        'suyuan:declarationTxId': row.declared.tx_id,
      }
    : {};
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

const tags = ['epcis'];

/** EPCIS 2.0 query interface: GET /events and GET /events/{eventID}. */
export function eventsRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  const router = Router();
  router.use('/events', epcisHeaders);
  const roles = ['enterprise', 'regulator', 'admin'] as const;
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/events',
      tags,
      roles,
      summary: 'Query events (EPCIS SimpleEventQuery parameters; pipe-separated values)',
      request: { query: eventsQuerySchema },
      responses: {
        200: {
          description: 'EPCISQueryDocument; Link rel="next" when there are more',
          schema: queryDocumentSchema,
          contentTypes: ['application/ld+json'],
          headers: { Link: '<…&nextPageToken=…>; rel="next"' },
        },
      },
    },
    async (c) => {
      const principal = c.principal();
      const query = c.query;
      const viewer = await viewerOf(deps.knex, principal);
      const rows = await queryEvents(deps.knex, query, { cursor: query.nextPageToken, enterpriseId: viewer?.id });
      const page = rows.slice(0, query.perPage);
      const last = page[page.length - 1];
      if (rows.length > query.perPage && last) c.res.setHeader('Link', nextLink(c.req.originalUrl, encodePageToken(last)));
      c.res.type('application/ld+json').json(
        queryDocument(
          page.map((r) => asEvent(r, viewer)),
          deps.clock(),
        ),
      );
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/events/{eventID}',
      tags,
      roles,
      summary: 'One event by eventID',
      request: { params: eventIdParams },
      responses: { 200: { description: 'The event', schema: epcisEventAnswer, contentTypes: ['application/ld+json'] } },
      errors: [404],
    },
    async (c) => {
      const principal = c.principal();
      const { eventID } = c.params;
      const viewer = await viewerOf(deps.knex, principal);
      const row = await findEvent(deps.knex, eventID, viewer?.id);
      if (!row) throw new NotFoundError(`event ${eventID}`);
      c.res.type('application/ld+json').json(asEvent(row, viewer));
    },
  );
  return router;
}
