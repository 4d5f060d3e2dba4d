import crypto from 'node:crypto';
import type { Deps } from '../../deps';
import { BusyError, CommitUnknownError, InputError, PayloadTooLargeError, ServiceError } from '../../http/errors';
import { awaitIndex, type IndexAnswer } from '../../index/index-wait';
import type { TxLimits } from '../../ledger/trace-ledger';
import { signerOf, type Principal } from '../auth/principal';
import { finishJob, insertJob, runningJobs, type CaptureJobRow } from './capture-job-queries';
import { duplicatesOf, rejectedErrors } from './capture-outcome';
import { partsOf, reconcileParts, runParts } from './capture-parts';
import { recordIndexed } from './capture-record';
import { followSubmittedJob, settleByTxId, submittedJobOf } from './capture-reconcile';
import { eventLimits } from './event-limits';
import { prepareEvents, type CaptureError, type Prepared, type PreparedEvent } from './prepare-events';

export type ErrorBehaviour = 'rollback' | 'proceed';

interface CaptureDocument {
  readonly '@context'?: unknown;
  readonly epcisBody: { readonly eventList: readonly unknown[] };
}

function ledgerFailure(err: unknown): CaptureError[] {
  if (!(err instanceof ServiceError)) throw err;
  const index = err.itemIndex ?? -1;
  return [{ index, path: index >= 0 ? `epcisBody.eventList[${index}]` : '', message: err.message, code: err.type }];
}

// Events of accepted documents not yet settled, per running service.
const pendingEvents = new WeakMap<Deps, { count: number }>();
const RETRY_AFTER_SECONDS = 5;

/**
 * Admits a document's events to the background queue, or refuses with 503 when the events already
 * waiting would pass CAPTURE_MAX_PENDING_EVENTS (one document is always admitted into an empty queue).
 * @returns the release to call once the job has settled
 */
function admit(deps: Deps, events: number): () => void {
  let pending = pendingEvents.get(deps);
  if (!pending) pendingEvents.set(deps, (pending = { count: 0 }));
  const limit = deps.config.CAPTURE_MAX_PENDING_EVENTS;
  if (pending.count > 0 && pending.count + events > limit) {
    throw new BusyError(
      `${pending.count} captured events are still on their way to the ledger (limit ${limit}); try again shortly`,
      RETRY_AFTER_SECONDS,
    );
  }
  const held = pending;
  held.count += events;
  return () => void (held.count -= events);
}

async function runCapture(
  deps: Deps,
  principal: Principal,
  jobId: string,
  events: PreparedEvent[],
  behaviour: ErrorBehaviour,
  invalid: CaptureError[],
): Promise<void> {
  const since = deps.clock();
  try {
    const receipt = await recordIndexed(deps, principal, events, behaviour === 'proceed');
    const errors = [...invalid, ...rejectedErrors(events, receipt.result)].sort((a, b) => a.index - b.index);
    await finishJob(deps.knex, jobId, {
      status: errors.length === 0 ? 'success' : 'failed',
      errors,
      duplicates: duplicatesOf(events, receipt.result),
      txId: receipt.txId,
      blockNumber: receipt.blockNumber,
      now: deps.clock(),
    });
  } catch (err) {
    // Neither a success nor a failure: the job stays running and is settled by its transaction id.
    if (err instanceof CommitUnknownError) {
      deps.logger.warn({ jobId, txId: err.txId }, 'capture job: commit status unknown; reconciling by transaction id');
      await followSubmittedJob(deps, {
        id: jobId,
        txId: err.txId,
        eventIds: events.map((e) => e.eventID),
        eventCount: events.length + new Set(invalid.map((e) => e.index)).size,
        invalid,
        since,
      });
      return;
    }
    const errors = ledgerFailure(err).map((e) =>
      e.index >= 0
        ? { ...e, index: events[e.index]?.index ?? e.index, path: `epcisBody.eventList[${events[e.index]?.index ?? e.index}]` }
        : e,
    );
    await finishJob(deps.knex, jobId, { status: 'failed', errors: [...invalid, ...errors], now: deps.clock() });
  }
}

function tooLargeForOneTransaction(parts: number, limits: TxLimits | undefined): PayloadTooLargeError {
  return new PayloadTooLargeError(
    `the document needs ${parts} transactions on this ledger (at most ${limits?.events ?? 0} events and ${limits?.bytes ?? 0} bytes of events each), ` +
      'and with GS1-Capture-Error-Behaviour: rollback it must be recorded in one: send smaller documents, or send it with GS1-Capture-Error-Behaviour: proceed to have it recorded part by part under one job',
  );
}

/** The document's events checked against the capture limits and the ledger's transaction size, split into the parts they will be recorded in. */
function prepareDocument(deps: Deps, doc: CaptureDocument, behaviour: ErrorBehaviour): Prepared & { parts: PreparedEvent[][] } {
  const eventList = doc.epcisBody.eventList;
  if (eventList.length > deps.config.CAPTURE_MAX_EVENTS)
    throw new PayloadTooLargeError(
      `eventList has ${eventList.length} events; the limit is ${deps.config.CAPTURE_MAX_EVENTS} (GS1-EPCIS-Capture-Limit)`,
    );
  if (eventList.length === 0)
    throw new InputError('eventList is empty', [{ path: 'epcisBody.eventList', message: 'at least one event is required' }]);
  const { events, errors } = prepareEvents(eventList, doc['@context'], undefined, eventLimits(deps.config));
  if (errors.length > 0 && behaviour === 'rollback') throw new InputError('The document has invalid events; nothing was captured', errors);
  const parts = partsOf(events, deps.ledger.txLimits);
  if (parts.length > 1 && behaviour === 'rollback') throw tooLargeForOneTransaction(parts.length, deps.ledger.txLimits);
  return { events, errors, parts };
}

/** Validates the document, records a running job, and commits the events in the background. */
export async function startCapture(deps: Deps, principal: Principal, doc: CaptureDocument, behaviour: ErrorBehaviour): Promise<string> {
  const { events, errors, parts } = prepareDocument(deps, doc, behaviour);
  const eventList = doc.epcisBody.eventList;
  const jobId = crypto.randomUUID();
  const release = admit(deps, events.length);
  try {
    await insertJob(deps.knex, {
      id: jobId,
      behaviour,
      enterpriseId: principal.enterpriseId ?? '',
      eventIds: events.map((e) => e.eventID),
      eventCount: eventList.length,
      errors,
      parts: parts.length,
      now: deps.clock(),
    });
  } catch (err) {
    release();
    throw err;
  }
  if (events.length === 0) {
    release();
    await finishJob(deps.knex, jobId, { status: 'failed', errors, now: deps.clock() });
  } else {
    const run =
      parts.length > 1 ? runParts(deps, principal, jobId, parts, errors) : runCapture(deps, principal, jobId, events, behaviour, errors);
    void run.catch((err: unknown) => deps.logger.error({ err, jobId }, 'capture job failed to finish')).finally(release);
  }
  return jobId;
}

/** Captures one event synchronously; answers once it is on the ledger and in the index (or INDEX_WAIT_MS has passed). */
export async function captureOne(
  deps: Deps,
  principal: Principal,
  raw: unknown,
): Promise<{ eventID: string; txId: string; blockNumber: number; duplicate: boolean } & IndexAnswer> {
  const context = (raw as Record<string, unknown> | null)?.['@context'];
  const { events, errors } = prepareEvents([raw], context, 'event', eventLimits(deps.config));
  const event = events[0];
  if (!event)
    throw new InputError(
      'Invalid event',
      errors.map((e) => ({ path: e.path.replace(/^event\[0\]\.?/, ''), message: e.message })),
    );
  const receipt = await deps.ledger.recordEvents(signerOf(principal), { events: [{ eventID: event.eventID, event: event.event }] });
  const index = await awaitIndex(deps.indexer, receipt, deps.config.INDEX_WAIT_MS);
  const duplicate = (receipt.result.duplicates ?? []).includes(event.eventID);
  if (!duplicate) deps.metrics.eventsRecorded.inc();
  return { eventID: event.eventID, txId: receipt.txId, blockNumber: receipt.blockNumber, duplicate, ...index };
}

/** A job a crash interrupted before its transaction id was known: its events on the ledger, recorded by its enterprise since it started, say whether it reached the ledger. */
async function reconcileByEvents(deps: Deps, job: CaptureJobRow): Promise<void> {
  const records = await Promise.all(job.event_ids.map((id) => deps.ledger.getEvent(id)));
  const mine = records.find(
    (r) => r && r.recorder === job.enterprise_id && new Date(r.recordTime) >= new Date(job.created_at.getTime() - 1000),
  );
  if (mine) {
    const tx = await deps.ledger.getTransaction(mine.txId);
    await deps.indexer.waitForTx(mine.txId, tx?.blockNumber ?? 0, 60000);
    await finishJob(deps.knex, job.id, {
      status: 'success',
      errors: [],
      txId: mine.txId,
      ...(tx ? { blockNumber: tx.blockNumber } : {}),
      now: deps.clock(),
    });
  } else {
    await finishJob(deps.knex, job.id, {
      status: 'failed',
      errors: [
        {
          index: -1,
          path: '',
          message: 'interrupted by a restart before reaching the ledger; nothing was recorded — capture again',
          code: 'interrupted',
        },
      ],
      now: deps.clock(),
    });
  }
}

/**
 * Settles jobs left running: a job with a transaction id (its commit status was lost) by that id —
 * still not on the ledger and younger than CAPTURE_RECONCILE_MS, it stays running and is looked up in
 * the background; a job without one (a crash) by its events: if they reached the ledger it succeeded
 * (the ledger is the truth), otherwise nothing of it was recorded and it failed.
 */
export async function reconcileCaptureJobs(deps: Deps): Promise<number> {
  const jobs = await runningJobs(deps.knex);
  for (const job of jobs) {
    if (job.parts > 1) {
      await reconcileParts(deps, job);
      continue;
    }
    if (!job.tx_id) {
      await reconcileByEvents(deps, job);
      continue;
    }
    const submitted = submittedJobOf(job, job.tx_id);
    if (!(await settleByTxId(deps, submitted))) {
      void followSubmittedJob(deps, submitted).catch((err: unknown) =>
        deps.logger.error({ err, jobId: job.id }, 'capture job failed to finish'),
      );
    }
  }
  return jobs.length;
}
