import type { Deps } from '../../deps';
import { CommitUnknownError, ServiceError } from '../../http/errors';
import type { TxLimits } from '../../ledger/trace-ledger';
import type { Principal } from '../auth/principal';
import { addJobTransaction, finishJob, type CaptureJobRow, type JobDuplicate } from './capture-job-queries';
import { duplicatesOf, rejectedErrors } from './capture-outcome';
import { recordIndexed } from './capture-record';
import { INDEX_WAIT_MS, lookupEveryMs, outcomeOf, pause, positionsOf, submittedJobOf } from './capture-reconcile';
import type { CaptureError, PreparedEvent } from './prepare-events';

/**
 * Splits a document's events, in order, into parts of at most `limits.events` events and
 * `limits.bytes` bytes of event JSON (an event larger than that on its own is a part by itself).
 * Without limits the whole document is one part.
 */
export function partsOf<T extends Pick<PreparedEvent, 'eventID' | 'event'>>(events: readonly T[], limits: TxLimits | undefined): T[][] {
  if (!limits) return [[...events]];
  const parts: T[][] = [];
  let part: T[] = [];
  let bytes = 0;
  for (const e of events) {
    const size = Buffer.byteLength(JSON.stringify(e.event)) + e.eventID.length;
    if (part.length > 0 && (part.length >= limits.events || bytes + size > limits.bytes)) {
      parts.push(part);
      part = [];
      bytes = 0;
    }
    part.push(e);
    bytes += size;
  }
  if (part.length > 0) parts.push(part);
  return parts;
}

interface PartOutcome {
  readonly errors: CaptureError[];
  readonly duplicates: JobDuplicate[];
  readonly tx?: { readonly txId: string; readonly blockNumber: number };
}

function allFailed(part: readonly PreparedEvent[], message: string, code: string): CaptureError[] {
  return part.map((p) => ({ index: p.index, eventID: p.eventID, path: `epcisBody.eventList[${p.index}]`, message, code }));
}

/** A part whose commit status was lost: looked up by its transaction id until it is on the ledger or CAPTURE_RECONCILE_MS has passed. */
async function settlePart(deps: Deps, jobId: string, part: readonly PreparedEvent[], txId: string): Promise<PartOutcome> {
  const since = deps.clock();
  const every = lookupEveryMs(deps);
  for (;;) {
    let lookupFailed = false;
    const tx = await deps.ledger.getTransaction(txId).catch((err: unknown) => {
      lookupFailed = true;
      deps.logger.warn({ err, jobId, txId }, 'capture job: looking up a part by its transaction id failed; trying again');
      return undefined;
    });
    if (tx?.status === 'VALID') {
      await deps.indexer.waitForTx(txId, tx.blockNumber, INDEX_WAIT_MS);
      const job = { id: jobId, txId, eventIds: part.map((p) => p.eventID), eventCount: part.length, invalid: [], since };
      const { errors, duplicates } = await outcomeOf(deps, job);
      const at = (i: number): number => part[i]?.index ?? i;
      return {
        errors: errors.map((e) => ({ ...e, index: at(e.index), path: `epcisBody.eventList[${at(e.index)}]` })),
        duplicates: duplicates.map((d) => ({ ...d, index: at(d.index) })),
        tx: { txId, blockNumber: tx.blockNumber },
      };
    }
    if (tx)
      return {
        errors: allFailed(
          part,
          `transaction ${txId} was committed as ${tx.status}: nothing of it was recorded — capture again`,
          'not-committed',
        ),
        duplicates: [],
      };
    const waited = deps.clock().getTime() - since.getTime() >= deps.config.CAPTURE_RECONCILE_MS;
    // The ledger could not be asked: the job stays running, and the next start-up settles it event by event.
    if (waited && lookupFailed)
      throw new Error(`transaction ${txId} of capture job ${jobId}: its commit status was lost and the ledger could not be asked`);
    if (waited)
      return {
        errors: allFailed(
          part,
          `transaction ${txId} was submitted but its commit status was lost and it is not on the ledger; nothing of it was recorded — capture again`,
          'not-committed',
        ),
        duplicates: [],
      };
    await pause(every);
  }
}

async function recordPart(
  deps: Deps,
  principal: Principal,
  jobId: string,
  part: readonly PreparedEvent[],
  label: string,
): Promise<PartOutcome> {
  try {
    const receipt = await recordIndexed(deps, principal, part, true);
    return {
      errors: rejectedErrors(part, receipt.result),
      duplicates: duplicatesOf(part, receipt.result),
      tx: { txId: receipt.txId, blockNumber: receipt.blockNumber },
    };
  } catch (err) {
    if (err instanceof CommitUnknownError) {
      deps.logger.warn(
        { jobId, txId: err.txId, part: label },
        'capture job: commit status of a part unknown; looking it up by transaction id',
      );
      return settlePart(deps, jobId, part, err.txId);
    }
    if (!(err instanceof ServiceError)) throw err;
    return { errors: allFailed(part, `not recorded: the transaction of part ${label} failed: ${err.message}`, err.type), duplicates: [] };
  }
}

/**
 * Records a proceed document in several transactions, one part after another (a later part may
 * ship or receive what an earlier one made). Each committed part's transaction is added to the job as
 * it lands; the job succeeds when every event is recorded, and otherwise lists each event that was not.
 */
export async function runParts(
  deps: Deps,
  principal: Principal,
  jobId: string,
  parts: readonly PreparedEvent[][],
  invalid: readonly CaptureError[],
): Promise<void> {
  const errors = [...invalid];
  const duplicates: JobDuplicate[] = [];
  let last: PartOutcome['tx'];
  for (const [i, part] of parts.entries()) {
    const outcome = await recordPart(deps, principal, jobId, part, `${i + 1}/${parts.length}`);
    errors.push(...outcome.errors);
    duplicates.push(...outcome.duplicates);
    if (outcome.tx) await addJobTransaction(deps.knex, jobId, (last = outcome.tx));
  }
  await finishJob(deps.knex, jobId, {
    status: errors.length === 0 ? 'success' : 'failed',
    errors: errors.sort((a, b) => a.index - b.index),
    duplicates,
    ...(last ? { txId: last.txId, blockNumber: last.blockNumber } : {}),
    now: deps.clock(),
  });
}

/**
 * A job in several parts that a restart interrupted: each event is looked up on the ledger. Recorded
 * by the job's enterprise: recorded (a duplicate when it was recorded before the job started); not on
 * the ledger: interrupted, capture again; recorded by another enterprise: not recorded.
 */
export async function reconcileParts(deps: Deps, job: CaptureJobRow): Promise<void> {
  const positions = positionsOf(submittedJobOf(job, ''));
  const mine = new Set(job.transactions.map((t) => t.txId));
  const started = job.created_at.getTime() - 1000;
  const errors: CaptureError[] = [...job.errors];
  const duplicates: JobDuplicate[] = [];
  const records = await Promise.all(job.event_ids.map((id) => deps.ledger.getEvent(id)));
  records.forEach((record, i) => {
    const index = positions[i] ?? -1;
    const eventID = job.event_ids[i] ?? '';
    const path = index >= 0 ? `epcisBody.eventList[${index}]` : '';
    if (!record)
      errors.push({
        index,
        eventID,
        path,
        message: 'interrupted by a restart before reaching the ledger; not recorded — capture again',
        code: 'interrupted',
      });
    else if (record.recorder !== job.enterprise_id)
      errors.push({
        index,
        eventID,
        path,
        message: 'not recorded: the ledger holds this event recorded by another enterprise',
        code: 'not-recorded',
      });
    else if (!mine.has(record.txId) && new Date(record.recordTime).getTime() < started) duplicates.push({ index, eventID });
  });
  const last = job.transactions.at(-1);
  await finishJob(deps.knex, job.id, {
    status: errors.length === 0 ? 'success' : 'failed',
    errors: errors.sort((a, b) => a.index - b.index),
    duplicates,
    ...(last ? { txId: last.txId, blockNumber: last.blockNumber } : {}),
    now: deps.clock(),
  });
}
