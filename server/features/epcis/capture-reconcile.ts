import type { Deps } from '../../deps';
import { finishJob, markSubmitted, type CaptureJobRow, type JobDuplicate } from './capture-job-queries';
import type { CaptureError } from './prepare-events';

/** A capture job whose transaction was submitted but whose commit status was not read. */
export interface SubmittedJob {
  readonly id: string;
  readonly txId: string;
  /** eventIDs of the submitted events, in the order they were submitted. */
  readonly eventIds: readonly string[];
  /** Events in the document (submitted or not). */
  readonly eventCount: number;
  /** Errors of events refused before submitting (GS1-Capture-Error-Behaviour: proceed). */
  readonly invalid: readonly CaptureError[];
  readonly since: Date;
}

/** How long a job whose transaction is VALID waits for the index before it is settled (the job view says `indexed: false` meanwhile). */
export const INDEX_WAIT_MS = 120_000;

export function submittedJobOf(row: CaptureJobRow, txId: string): SubmittedJob {
  return { id: row.id, txId, eventIds: row.event_ids, eventCount: row.event_count, invalid: row.errors, since: row.created_at };
}

/** Document positions of the submitted events: those without an error before submitting. */
export function positionsOf(job: SubmittedJob): number[] {
  const refused = new Set(job.invalid.map((e) => e.index));
  const positions = [...Array(job.eventCount).keys()].filter((i) => !refused.has(i));
  return positions.length === job.eventIds.length ? positions : job.eventIds.map(() => -1);
}

/** Which of the job's events its transaction recorded, which another transaction had (duplicates), which the ledger does not hold. */
export async function outcomeOf(deps: Deps, job: SubmittedJob): Promise<{ errors: CaptureError[]; duplicates: JobDuplicate[] }> {
  const positions = positionsOf(job);
  const records = await Promise.all(job.eventIds.map((id) => deps.ledger.getEvent(id)));
  const errors: CaptureError[] = [];
  const duplicates: JobDuplicate[] = [];
  const seen = new Set<string>();
  records.forEach((record, i) => {
    const index = positions[i] ?? -1;
    const eventID = job.eventIds[i] ?? '';
    if (!record) {
      const message = `not recorded by transaction ${job.txId}: the ledger's rules refused it (the reason was lost with the commit status; capture it again to see it)`;
      errors.push({ index, eventID, path: index >= 0 ? `epcisBody.eventList[${index}]` : '', message, code: 'not-recorded' });
    } else if (record.txId !== job.txId || seen.has(eventID)) duplicates.push({ index, eventID });
    seen.add(eventID);
  });
  return { errors, duplicates };
}

async function failJob(deps: Deps, job: SubmittedJob, message: string, code: string, blockNumber?: number): Promise<void> {
  const errors = [...job.invalid, { index: -1, path: '', message, code }];
  await finishJob(deps.knex, job.id, {
    status: 'failed',
    errors,
    txId: job.txId,
    ...(blockNumber === undefined ? {} : { blockNumber }),
    now: deps.clock(),
  });
}

/**
 * Settles a job by its transaction id: VALID → success once indexed (or the index wait passed), failed
 * for any event the ledger does not hold; another validation code → failed; not on the ledger → still
 * running, or failed once CAPTURE_RECONCILE_MS has passed since the job started.
 * @returns whether the job is settled
 */
export async function settleByTxId(deps: Deps, job: SubmittedJob): Promise<boolean> {
  const tx = await deps.ledger.getTransaction(job.txId);
  if (!tx) {
    const waited = deps.clock().getTime() - job.since.getTime();
    if (waited < deps.config.CAPTURE_RECONCILE_MS) return false;
    await failJob(
      deps,
      job,
      `transaction ${job.txId} was submitted but is not on the ledger ${Math.round(waited / 1000)} s later (its commit status was lost); nothing of it was recorded — capture again`,
      'not-committed',
    );
    return true;
  }
  if (tx.status !== 'VALID') {
    await failJob(
      deps,
      job,
      `transaction ${job.txId} was committed as ${tx.status}: nothing of it was recorded — capture again`,
      'not-committed',
      tx.blockNumber,
    );
    return true;
  }
  await deps.indexer.waitForTx(job.txId, tx.blockNumber, INDEX_WAIT_MS);
  const { errors, duplicates } = await outcomeOf(deps, job);
  const all = [...job.invalid, ...errors].sort((a, b) => a.index - b.index);
  await finishJob(deps.knex, job.id, {
    status: all.length === 0 ? 'success' : 'failed',
    errors: all,
    duplicates,
    txId: job.txId,
    blockNumber: tx.blockNumber,
    now: deps.clock(),
  });
  return true;
}

export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** How often a transaction whose commit status was lost is looked up: CAPTURE_RECONCILE_MS / 20, within 50 ms–5 s. */
export function lookupEveryMs(deps: Pick<Deps, 'config'>): number {
  return Math.min(5000, Math.max(50, Math.floor(deps.config.CAPTURE_RECONCILE_MS / 20)));
}

/**
 * Keeps a job running with its transaction id and looks the transaction up until the job settles.
 * A lookup that fails (ledger or database unreachable) is tried again; past CAPTURE_RECONCILE_MS
 * plus one interval the job is left running for the next start-up's `reconcileCaptureJobs`.
 */
export async function followSubmittedJob(deps: Deps, job: SubmittedJob): Promise<void> {
  await markSubmitted(deps.knex, job.id, job.txId);
  const every = lookupEveryMs(deps);
  const giveUpAt = job.since.getTime() + deps.config.CAPTURE_RECONCILE_MS + every;
  for (;;) {
    await pause(every);
    const settled = await settleByTxId(deps, job).catch((err: unknown) => {
      deps.logger.warn({ err, jobId: job.id, txId: job.txId }, 'capture job: looking up its transaction failed; trying again');
      return false;
    });
    if (settled) return;
    if (deps.clock().getTime() > giveUpAt) {
      deps.logger.warn({ jobId: job.id, txId: job.txId }, 'capture job left running: the next start-up reconciles it by transaction id');
      return;
    }
  }
}
