import { Router } from 'express';
import type { Deps } from '../../deps';
import { InputError, NotFoundError } from '../../http/errors';
import { problemResponses, z, type OpenAPIRegistry } from '../../http/openapi';
import { parseOr400 } from '../../http/validate';
import { awaitIndex, type IndexAnswer } from '../../index/index-wait';
import { requirePrincipal } from '../auth/principal';
import { findJob, type CaptureJobRow } from './capture-job-queries';
import { answerWrite, notIndexedResponse } from '../../http/write-answer';
import { captureOne, startCapture, type ErrorBehaviour } from './capture-service';
import { epcisHeaders } from './epcis-headers';
import { epcisDocumentSchema, epcisEventSchema } from './epcis-schemas';

const jobParams = z.object({ captureID: z.uuid({ error: 'a capture id from a Location header' }) });

function behaviourOf(header: string | undefined): ErrorBehaviour {
  const value = (header ?? 'rollback').trim().toLowerCase();
  if (value !== 'rollback' && value !== 'proceed') throw new InputError('GS1-Capture-Error-Behaviour must be rollback or proceed', [{ path: 'header:GS1-Capture-Error-Behaviour', message: 'rollback or proceed' }]);
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
  };
}

function document(registry: OpenAPIRegistry): void {
  const security = [{ apiKey: [] }];
  registry.registerPath({ method: 'post', path: '/capture', tags: ['epcis'], security, summary: 'Capture an EPCISDocument (asynchronous)', request: { body: { content: { 'application/ld+json': { schema: epcisDocumentSchema } } } }, responses: { 202: { description: 'Accepted; Location: /capture/{captureID}' }, 413: { description: 'Too many events or too large' }, 503: { description: 'CAPTURE_MAX_PENDING_EVENTS reached: try again after Retry-After seconds', content: problemResponses[400].content }, ...problemResponses } });
  registry.registerPath({ method: 'get', path: '/capture/{captureID}', tags: ['epcis'], security, summary: 'A capture job: running (a running job with ledger.txId and blockNumber null was submitted but its commit status is not known yet), success (with indexed, or indexed: false and indexStatus), per-event errors', request: { params: jobParams }, responses: { 200: { description: 'Capture job' }, ...problemResponses } });
  registry.registerPath({ method: 'options', path: '/capture', tags: ['epcis'], summary: 'Capture limits (GS1-EPCIS-Capture-Limit)', responses: { 204: { description: 'Limits in headers' } } });
  registry.registerPath({ method: 'post', path: '/events', tags: ['epcis'], security, summary: 'Capture one event (synchronous)', request: { body: { content: { 'application/json': { schema: epcisEventSchema } } } }, responses: { 201: { description: 'Created; Location: /events/{eventID}' }, ...notIndexedResponse, 409: { description: 'eventID already recorded' }, ...problemResponses } });
}

/** EPCIS 2.0 capture interface. */
export function captureRoutes(deps: Deps, registry: OpenAPIRegistry): Router {
  document(registry);
  const router = Router();
  router.use(['/capture', '/events'], epcisHeaders);
  router.options('/capture', (_req, res) => {
    res.setHeader('Allow', 'OPTIONS, POST');
    res.setHeader('GS1-EPCIS-Capture-Limit', String(deps.config.CAPTURE_MAX_EVENTS));
    res.setHeader('GS1-EPCIS-Capture-File-Size-Limit', String(deps.config.BODY_LIMIT_BYTES));
    res.setHeader('GS1-Capture-Error-Behaviour', 'rollback, proceed');
    res.status(204).end();
  });
  router.post('/capture', async (req, res) => {
    const principal = requirePrincipal(res, ['enterprise']);
    const behaviour = behaviourOf(req.get('GS1-Capture-Error-Behaviour'));
    const doc = parseOr400(epcisDocumentSchema, req.body, 'EPCISDocument');
    const id = await startCapture(deps, principal, doc, behaviour);
    res.status(202).location(`/capture/${id}`).json({ captureID: id });
  });
  router.get('/capture/:captureID', async (req, res) => {
    const principal = requirePrincipal(res, ['enterprise', 'regulator', 'admin']);
    const { captureID } = parseOr400(jobParams, req.params, 'path');
    const job = await findJob(deps.knex, captureID);
    if (!job || (principal.role === 'enterprise' && job.enterprise_id !== principal.enterpriseId)) throw new NotFoundError(`capture ${captureID}`);
    res.json(await jobView(deps, job));
  });
  router.post('/events', async (req, res) => {
    const principal = requirePrincipal(res, ['enterprise', 'regulator']);
    const out = await captureOne(deps, principal, req.body);
    // The same event again (a retry after a lost answer) is a no-op: 200, not a second record.
    answerWrite(res, out, { location: `/events/${encodeURIComponent(out.eventID)}`, ...(out.duplicate ? { status: 200 as const } : {}) });
  });
  return router;
}
