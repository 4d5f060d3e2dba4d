import type { Knex } from 'knex';
import type { CaptureJobRow } from '../../db/rows/capture-jobs';
import type { CaptureError } from './prepare-events';

export type { CaptureJobRow };

export type JobStatus = CaptureJobRow['status'];

/** An event the ledger already had with identical content: reported, not an error. */
export type JobDuplicate = Readonly<CaptureJobRow['duplicates'][number]>;

export async function insertJob(
  knex: Knex,
  job: {
    id: string;
    behaviour: string;
    enterpriseId: string;
    eventIds: readonly string[];
    eventCount: number;
    errors: readonly CaptureError[];
    /** Transactions it will be recorded in (default 1). */
    parts?: number;
    now: Date;
  },
): Promise<void> {
  await knex('capture_jobs').insert({
    parts: job.parts ?? 1,
    id: job.id,
    status: 'running',
    behaviour: job.behaviour,
    enterprise_id: job.enterpriseId,
    event_count: job.eventCount,
    errors: JSON.stringify(job.errors),
    event_ids: JSON.stringify(job.eventIds),
    created_at: job.now,
  });
}

export async function finishJob(
  knex: Knex,
  id: string,
  outcome: {
    status: JobStatus;
    errors: readonly CaptureError[];
    duplicates?: readonly JobDuplicate[];
    txId?: string;
    blockNumber?: number;
    now: Date;
  },
): Promise<void> {
  await knex('capture_jobs')
    .where({ id })
    .update({
      status: outcome.status,
      errors: JSON.stringify(outcome.errors),
      duplicates: JSON.stringify(outcome.duplicates ?? []),
      tx_id: outcome.txId ?? null,
      block_number: outcome.blockNumber ?? null,
      finished_at: outcome.now,
    });
}

/** Records the transaction a running job submitted, whose commit status is not known yet: the job stays running. */
export async function markSubmitted(knex: Knex, id: string, txId: string): Promise<void> {
  await knex('capture_jobs').where({ id, status: 'running' }).update({ tx_id: txId });
}

/** Adds a committed part's transaction to a job recorded in several transactions. */
export async function addJobTransaction(knex: Knex, id: string, tx: { txId: string; blockNumber: number }): Promise<void> {
  await knex('capture_jobs')
    .where({ id })
    .update({ transactions: knex.raw(`transactions || ?::jsonb`, [JSON.stringify([tx])]) });
}

export async function findJob(knex: Knex, id: string): Promise<CaptureJobRow | undefined> {
  return knex('capture_jobs').where({ id }).first();
}

export async function runningJobs(knex: Knex): Promise<CaptureJobRow[]> {
  return knex('capture_jobs').where({ status: 'running' });
}
