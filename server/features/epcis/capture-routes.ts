import { Router } from 'express';
import type { Deps } from '../../deps';
import { InputError, NotFoundError } from '../../http/errors';
import { notIndexed } from '../../http/answers';
import { z, type OpenAPIRegistry } from '../../http/openapi';
import { defineRoute } from '../../http/route';
import { awaitIndex, type IndexAnswer } from '../../index/index-wait';
import { findJob, type CaptureJobRow } from './capture-job-queries';
import { answerWrite } from '../../http/write-answer';
import { captureOne, startCapture, type ErrorBehaviour } from './capture-service';
import { epcisHeaders } from './epcis-headers';
import { captureAcceptedSchema, capturedEventSchema, captureJobSchema } from './epcis-answers';
import { epcisDocumentSchema, epcisEventSchema } from './epcis-schemas';

const jobParams = z.object({ captureID: z.uuid({ error: 'a capture id from a Location header' }) });

function behaviourOf(header: string | undefined): ErrorBehaviour {
  const value = (header ?? 'rollback').trim().toLowerCase();
  if (value !== 'rollback' && value !== 'proceed')
    throw new InputError('GS1-Capture-Error-Behaviour must be rollback or proceed', [
      { path: 'header:GS1-Capture-Error-Behaviour', message: 'rollback or proceed' },
    ]);
  return value;
}

/** Whether a successful job's transaction is in the index now (a job succeeds once its transaction is VALID, even if the index wait ran out). */
async function indexOf(deps: Deps, job: CaptureJobRow): Promise<IndexAnswer | Record<string, never>> {
  if (job.status !== 'success' || !job.tx_id || job.block_number === null) return {};
  return awaitIndex(deps.indexer, { txId: job.tx_id, blockNumber: Number(job.block_number) }, 0);
}

async function jobView(deps: Deps, job: CaptureJobRow): Promise<Record<string, unknown>> {
  return {
    captureID: job.id,
    createdAt: job.created_at,
    finishedAt: job.finished_at,
    running: job.status === 'running',
    success: job.status === 'success',
    captureErrorBehaviour: job.behaviour,
    eventCount: job.event_count,
    errors: job.errors,
    duplicates: job.duplicates,
    ...(await indexOf(deps, job)),
    ...(job.tx_id ? { ledger: { txId: job.tx_id, blockNumber: job.block_number === null ? null : Number(job.block_number) } } : {}),
    ...(job.parts > 1 ? { parts: job.parts, transactions: job.transactions } : {}),
  };
}

const tags = ['epcis'];
const epcisHeaderDocs = { 'GS1-EPCIS-Version': '2.0.0', 'GS1-CBV-Version': '2.0.0' };

/** EPCIS 2.0 capture interface. */
export function captureRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  const router = Router();
  router.use(['/capture', '/events'], epcisHeaders);
  defineRoute(
    router,
    registry,
    {
      method: 'options',
      path: '/capture',
      tags,
      summary: 'Capture limits (GS1-EPCIS-Capture-Limit)',
      responses: {
        204: {
          description: 'Limits in headers',
          headers: {
            'GS1-EPCIS-Capture-Limit':
              'events per document (on Fabric at most FABRIC_TX_MAX_EVENTS, what one transaction holds; larger proceed documents are recorded in parts)',
            'GS1-EPCIS-Capture-File-Size-Limit': 'bytes per document',
            'GS1-Capture-Error-Behaviour': 'rollback, proceed',
          },
        },
      },
    },
    (c) => {
      c.res.setHeader('Allow', 'OPTIONS, POST');
      // With rollback (the default) a document must fit one transaction of the ledger.
      const perTx = deps.ledger.txLimits?.events ?? Infinity;
      c.res.setHeader('GS1-EPCIS-Capture-Limit', String(Math.min(deps.config.CAPTURE_MAX_EVENTS, perTx)));
      c.res.setHeader('GS1-EPCIS-Capture-File-Size-Limit', String(deps.config.BODY_LIMIT_BYTES));
      c.res.setHeader('GS1-Capture-Error-Behaviour', 'rollback, proceed');
      c.res.status(204).end();
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/capture',
      tags,
      roles: ['enterprise'],
      summary: 'Capture an EPCISDocument (asynchronous); header GS1-Capture-Error-Behaviour: rollback (default) or proceed',
      request: { body: { schema: epcisDocumentSchema, contentTypes: ['application/ld+json', 'application/json'], what: 'EPCISDocument' } },
      responses: {
        202: {
          description: 'Accepted; Location: /capture/{captureID}',
          schema: captureAcceptedSchema,
          headers: { Location: '/capture/{captureID}', ...epcisHeaderDocs },
        },
      },
      errors: [503],
      errorNotes: {
        413: 'More events than CAPTURE_MAX_EVENTS, or a body larger than BODY_LIMIT_BYTES',
        503: 'CAPTURE_MAX_PENDING_EVENTS reached: try again after Retry-After seconds',
      },
    },
    async (c) => {
      const principal = c.principal();
      const behaviour = behaviourOf(c.req.get('GS1-Capture-Error-Behaviour'));
      const id = await startCapture(deps, principal, c.body, behaviour);
      c.res.status(202).location(`/capture/${id}`).json({ captureID: id });
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/capture/{captureID}',
      tags,
      roles: ['enterprise', 'regulator', 'admin'],
      request: { params: jobParams },
      errors: [404],
      summary:
        'A capture job: running (a running job with ledger.txId and blockNumber null was submitted but its commit status is not known yet), success (with indexed, or indexed: false and indexStatus), per-event errors',
      responses: { 200: { description: 'Capture job', schema: captureJobSchema } },
    },
    async (c) => {
      const principal = c.principal();
      const { captureID } = c.params;
      const job = await findJob(deps.knex, captureID);
      if (!job || (principal.role === 'enterprise' && job.enterprise_id !== principal.enterpriseId))
        throw new NotFoundError(`capture ${captureID}`);
      c.res.json(await jobView(deps, job));
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/events',
      tags,
      roles: ['enterprise', 'regulator'],
      summary: 'Capture one event (synchronous); the same event again is a no-op answered 200',
      request: { body: { schema: epcisEventSchema, what: 'event' } },
      responses: {
        201: {
          description: 'Created; Location: /events/{eventID}',
          schema: capturedEventSchema,
          headers: { Location: '/events/{eventID}' },
        },
        200: { description: 'The same event was recorded already (duplicate: true)', schema: capturedEventSchema },
        ...notIndexed(capturedEventSchema),
      },
      errors: [403, 409, 503],
      errorNotes: { 409: 'eventID already recorded with other content' },
    },
    async (c) => {
      const principal = c.principal();
      // Parsed by captureOne, which names the fields of the event itself.
      const out = await captureOne(deps, principal, c.req.body);
      // The same event again (a retry after a lost answer) is a no-op: 200, not a second record.
      answerWrite(c.res, out, {
        location: `/events/${encodeURIComponent(out.eventID)}`,
        ...(out.duplicate ? { status: 200 as const } : {}),
      });
    },
  );
  return router;
}
