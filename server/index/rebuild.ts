import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { INDEX_TABLES } from '../db/migrations';
import type { TraceLedger } from '../ledger/trace-ledger';
import type { IndexSeal } from './index-seal';
import { Indexer } from './indexer';
import type { Projections } from './projections';
import { countQuarantined, listQuarantined, type QuarantinedEvent } from './quarantine-queries';

export interface RebuildOptions {
  readonly knex: Knex;
  readonly ledger: TraceLedger;
  readonly projections: Projections;
  readonly logger: Logger;
  readonly onProgress?: (indexedBlocks: number, height: number) => void;
  /** The seal to keep from the empty index on (the service's); without one the rebuilt index is unsealed. */
  readonly seal?: IndexSeal;
}

/** What a rebuild did: the ledger height replayed, and the events it had to quarantine (the first 20 listed). */
export interface RebuildResult {
  readonly height: number;
  readonly quarantined: number;
  readonly firstQuarantined: readonly QuarantinedEvent[];
}

const LISTED = 20;

/**
 * Empties every derived table and replays the whole ledger into them. The ledger is not touched.
 * Events whose rows cannot be written are quarantined and reported, not waited on.
 */
export async function rebuildIndex(opts: RebuildOptions): Promise<RebuildResult> {
  await opts.knex.transaction(async (trx) => {
    await trx.raw(`truncate ${INDEX_TABLES.map((t) => `"${t}"`).join(', ')}`);
  });
  const { height } = await opts.ledger.info();
  const indexer = new Indexer({
    knex: opts.knex,
    ledger: opts.ledger,
    projections: opts.projections,
    logger: opts.logger,
    ...(opts.seal ? { seal: opts.seal } : {}),
  });
  indexer.start();
  try {
    while (!(await indexer.waitForHeight(height, 1000))) {
      if (indexer.lastError)
        throw indexer.lastError instanceof Error
          ? indexer.lastError
          : new Error(typeof indexer.lastError === 'string' ? indexer.lastError : JSON.stringify(indexer.lastError));
      opts.onProgress?.(indexer.position.blockNumber, height);
    }
    opts.onProgress?.(height, height);
  } finally {
    await indexer.close();
  }
  const quarantined = await countQuarantined(opts.knex);
  return { height, quarantined, firstQuarantined: quarantined > 0 ? await listQuarantined(opts.knex, { limit: LISTED, offset: 0 }) : [] };
}
