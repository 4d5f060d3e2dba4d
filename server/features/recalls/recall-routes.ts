import { Router } from 'express';
import type { Deps } from '../../deps';
import { htmlPage, notIndexed } from '../../http/answers';
import type { OpenAPIRegistry } from '../../http/openapi';
import { defineRoute } from '../../http/route';
import { answerWrite } from '../../http/write-answer';
import { principalOf } from '../auth/principal';
import {
  confirmedRecallSchema,
  confirmRecallSchema,
  listRecallsQuery,
  openedRecallSchema,
  openRecallSchema,
  recallIdParams,
  recallNoticesSchema,
  recallReportSchema,
} from './recall-schemas';
import { recallListPage, recallPage } from './recall-page';
import { confirmRecall, openRecall, recallNotices, recallReport } from './recall-service';

const tags = ['recalls'];
const roles = ['regulator', 'admin', 'enterprise'] as const;

/** Recall routes: regulators (or owners) open recalls; notices and scope reports are public in projection. */
export function recallRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  const router = Router();
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/recalls',
      tags,
      roles,
      summary: 'Open a recall (regulator, or the enterprise owning every lot); its scope is the forward closure of the lots',
      request: { body: { schema: openRecallSchema, what: 'recall' } },
      responses: {
        201: { description: 'Opened; Location: /recalls/{id}', schema: openedRecallSchema, headers: { Location: '/recalls/{id}' } },
        ...notIndexed(openedRecallSchema),
      },
      errors: [404, 409, 503],
    },
    async (c) => {
      const out = await openRecall(deps, c.principal(), c.body);
      answerWrite(c.res, out, { location: `/recalls/${out.id}` });
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/recalls/{id}/confirm',
      tags,
      roles,
      summary: "Confirm affected lots of an enterprise's recall as recalled (the lots' owner, or a regulator)",
      request: { params: recallIdParams, body: { schema: confirmRecallSchema } },
      responses: {
        200: { description: 'The recall after the confirmation', schema: confirmedRecallSchema },
        ...notIndexed(confirmedRecallSchema),
      },
      errors: [404, 409, 503],
    },
    async (c) => {
      const p = c.principal();
      answerWrite(c.res, await confirmRecall(deps, p, c.params.id, c.body), { status: 200 });
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/recalls',
      tags,
      summary: 'Public recall notices, newest first (JSON, or a page for browsers)',
      request: { query: listRecallsQuery },
      responses: {
        200: {
          description: 'Notices (JSON), or the page listing them (HTML, when the client prefers it)',
          schema: recallNoticesSchema,
          also: { 'text/html': htmlPage },
        },
      },
    },
    async (c) => {
      const recalls = await recallNotices(deps, c.query);
      c.res.vary('Accept');
      if (c.req.accepts(['json', 'html']) === 'html') c.res.type('html').send(recallListPage(recalls));
      else c.res.json({ recalls });
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/recalls/{id}',
      tags,
      auth: 'optional',
      summary:
        'A recall and its scope report (full for regulators; public projection otherwise); browsers asking for HTML get it as a page linking to the trace view',
      request: { params: recallIdParams },
      responses: {
        200: {
          description: 'Recall with scope (JSON, or HTML when the client prefers it)',
          schema: recallReportSchema,
          also: { 'text/html': htmlPage },
        },
      },
      errors: [404],
    },
    async (c) => {
      const report = await recallReport(deps, principalOf(c.res), c.params.id);
      c.res.vary('Accept');
      if (c.req.accepts(['json', 'html']) === 'html') c.res.type('html').send(recallPage(report));
      else c.res.json(report);
    },
  );
  return router;
}
