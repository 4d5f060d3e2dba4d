import { Router } from 'express';
import type { Deps } from '../../deps';
import { notIndexed } from '../../http/answers';
import type { OpenAPIRegistry } from '../../http/openapi';
import { defineRoute } from '../../http/route';
import { answerWrite } from '../../http/write-answer';
import { signerOf } from '../auth/principal';
import {
  incidentIdParams,
  incidentListSchema,
  incidentQuerySchema,
  incidentViewSchema,
  reportIncidentSchema,
  statusChangeSchema,
} from './incident-schemas';
import { changeIncidentStatus, getIncidentView, reportIncident, searchIncidents } from './incident-service';

const tags = ['incidents'];
const readers = ['enterprise', 'regulator', 'admin'] as const;

/** Incident reports: enterprises file, regulators review; never public. */
export function incidentRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  const router = Router();
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/incidents',
      tags,
      roles: ['enterprise'],
      summary: 'File a mandatory product-safety incident report (enterprise); the ledger fixes dueAt and late',
      request: { body: { schema: reportIncidentSchema, what: 'incident report' } },
      responses: {
        201: {
          description: 'The incident, with dueAt, late, status, txId and indexed; Location: /incidents/{id}',
          schema: incidentViewSchema,
        },
        ...notIndexed(incidentViewSchema),
      },
      errors: [404, 409, 503],
    },
    async (c) => {
      const principal = c.principal();
      const incident = await reportIncident(deps, principal, signerOf(principal), c.body);
      answerWrite(c.res, incident, { location: `/incidents/${String(incident.id)}` });
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/incidents',
      tags,
      roles: readers,
      summary: 'Incidents: a regulator sees all, an enterprise its own',
      request: { query: incidentQuerySchema },
      responses: { 200: { description: 'Incidents', schema: incidentListSchema } },
    },
    async (c) => {
      const principal = c.principal();
      c.res.json({ incidents: await searchIncidents(deps, principal, c.query) });
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/incidents/{id}',
      tags,
      roles: readers,
      summary: 'One incident (its reporter or a regulator; 404 for anyone else)',
      request: { params: incidentIdParams },
      responses: { 200: { description: 'Incident with status history and linked recalls', schema: incidentViewSchema } },
      errors: [404],
    },
    async (c) => {
      const principal = c.principal();
      c.res.json(await getIncidentView(deps, principal, c.params.id));
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/incidents/{id}/status',
      tags,
      roles: ['regulator', 'admin'],
      summary: 'Move an incident along submitted → acknowledged → investigating → recall-ordered | closed (regulator)',
      request: { params: incidentIdParams, body: { schema: statusChangeSchema, what: 'status change' } },
      responses: { 200: { description: 'The incident', schema: incidentViewSchema }, ...notIndexed(incidentViewSchema) },
      errors: [404, 409, 503],
      errorNotes: { 409: 'Not a valid transition' },
    },
    async (c) => {
      const principal = c.principal();
      const { id } = c.params;
      answerWrite(c.res, await changeIncidentStatus(deps, principal, signerOf(principal), id, c.body), { status: 200 });
    },
  );
  return router;
}
