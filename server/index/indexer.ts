import type { Knex } from 'knex';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import { BLOCK_END, type Checkpoint, type LedgerEvent, type TraceLedger } from '../ledger/trace-ledger';
import { readCheckpoint, writeCheckpoint } from './checkpoint-queries';
import type { IndexSeal } from './index-seal';
import { readAhead } from './read-ahead';
import { project, type Projections } from './projections';
import { isDataError, quarantineEntry } from './projection-failure';
import { countQuarantined, insertQuarantined } from './quarantine-queries';

export interface IndexerOptions {
  readonly knex: Knex;
  readonly ledger: Pick<TraceLedger, 'events'>;
  readonly projections: Projections;
  readonly logger: Logger;
  readonly clock?: () => Date;
  /**
   * Test hook: called inside the database transaction before commit; throwing aborts that commit
   * (a plain Error is treated as transient and retried, a data error quarantines the event).
   */
  readonly beforeCommit?: (event: LedgerEvent) => void;
  readonly retryDelayMs?: number;
  /** Ledger payload bytes indexed before the first ANALYZE; later ones come each time the total doubles. */
  readonly analyzeAfterBytes?: number;
  /** Kept with every commit when given (server/index/index-seal.ts); without it the index stays unsealed. */
  readonly seal?: IndexSeal;
}

const RECENT_TXS = 10000;
const BATCH_EVENTS = 16;
const ANALYZE_AFTER_BYTES = 32 * 1024 * 1024;

function nextPosition(event: LedgerEvent): Checkpoint {
  return event.name === BLOCK_END
    ? { blockNumber: event.blockNumber + 1, txIndex: 0 }
    : { blockNumber: event.blockNumber, txIndex: event.txIndex + 1 };
}

/** How a write's wait for the index ended. */
export type IndexOutcome = 'indexed' | 'quarantined' | 'timeout';

/**
 * Follows the ledger's events from the checkpoint stored in the index and writes each one's rows
 * together with the new checkpoint in one database transaction. On a transient failure it starts
 * again from the stored checkpoint, so nothing is skipped and nothing is written twice. An event
 * whose rows can never be written (a data error: see `isDataError`) is recorded in
 * `index_quarantine` with the checkpoint past it, logged, and skipped, so one bad event never
 * stops the index.
 */
export class Indexer {
  readonly #opts: IndexerOptions;
  readonly #abort = new AbortController();
  readonly #waiters = new Set<() => void>();
  #position: Checkpoint = { blockNumber: 0, txIndex: 0 };
  #running: Promise<void> | undefined;
  #lastError: unknown;
  readonly #quarantinedTxs = new Set<string>();
  // The transactions indexed lately, oldest out first (only `set` and `has`, so recency is insertion order).
  readonly #recent = new LRUCache<string, true>({
    max: RECENT_TXS,
    dispose: (_, txId, reason) => {
      if (reason === 'evict') this.#quarantinedTxs.delete(txId);
    },
  });
  #quarantined = 0;
  #indexedBytes = 0;
  #analyzeAt: number;

  constructor(opts: IndexerOptions) {
    this.#opts = opts;
    this.#analyzeAt = opts.analyzeAfterBytes ?? ANALYZE_AFTER_BYTES;
  }

  /** The first ledger position not yet in the index. */
  get position(): Checkpoint {
    return this.#position;
  }

  /** Ledger events set aside in `index_quarantine` (known once the indexer has started). */
  get quarantined(): number {
    return this.#quarantined;
  }

  get lastError(): unknown {
    return this.#lastError;
  }

  start(): void {
    this.#running ??= this.#run();
  }

  async #run(): Promise<void> {
    while (!this.#abort.signal.aborted) {
      try {
        await this.#follow();
      } catch (err) {
        this.#lastError = err;
        this.#opts.logger.error({ err }, 'indexer failed; resuming from the stored checkpoint');
        await this.#pause(this.#opts.retryDelayMs ?? 500);
      }
    }
  }

  #pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#abort.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  }

  async #follow(): Promise<void> {
    this.#setPosition(await readCheckpoint(this.#opts.knex));
    this.#opts.logger.info(
      { fromBlock: this.#position.blockNumber, txIndex: this.#position.txIndex },
      'indexer: following the ledger from its checkpoint',
    );
    this.#quarantined = await countQuarantined(this.#opts.knex);
    const reading = new AbortController();
    const stop = (): void => reading.abort();
    this.#abort.signal.addEventListener('abort', stop, { once: true });
    // close() may have come while the checkpoint was being read: its abort event has fired already.
    if (this.#abort.signal.aborted) return;
    try {
      for await (const batch of readAhead(this.#opts.ledger.events(this.#position, reading.signal), BATCH_EVENTS, stop)) {
        await this.#apply(batch);
        this.#lastError = undefined;
        await this.#maybeAnalyze(batch);
      }
    } finally {
      this.#abort.signal.removeEventListener('abort', stop);
    }
  }

  // A batch commits whole; when it hits a data error its events are retried one by one, so only the
  // event at fault is quarantined.
  async #apply(batch: readonly LedgerEvent[]): Promise<void> {
    try {
      await this.#commit(batch);
    } catch (err) {
      if (!isDataError(err)) throw err;
      for (const event of batch) await this.#applyOne(event);
    }
  }

  async #applyOne(event: LedgerEvent): Promise<void> {
    try {
      await this.#commit([event]);
    } catch (err) {
      if (!isDataError(err)) throw err;
      await this.#quarantine(event, err);
    }
  }

  // One database transaction for the events of a batch, with one checkpoint write.
  async #commit(batch: readonly LedgerEvent[]): Promise<void> {
    const last = batch[batch.length - 1];
    if (!last) return;
    const next = nextPosition(last);
    await this.#opts.knex.transaction(async (trx) => {
      await this.#begin(trx);
      for (const event of batch) {
        await project(this.#opts.projections, trx, event);
        this.#opts.beforeCommit?.(event);
      }
      await this.#seal(trx, next);
    });
    for (const event of batch) if (event.txId) this.#remember(event.txId);
    this.#setPosition(next);
  }

  async #quarantine(event: LedgerEvent, err: unknown): Promise<void> {
    const entry = quarantineEntry(event, err);
    const next = nextPosition(event);
    await this.#opts.knex.transaction(async (trx) => {
      await this.#begin(trx);
      await insertQuarantined(trx, { ...entry, quarantinedAt: this.#now() });
      await this.#seal(trx, next);
    });
    this.#opts.logger.error(
      { err, blockNumber: event.blockNumber, txIndex: event.txIndex, txId: event.txId, event: event.name, eventIds: entry.eventIds },
      'ledger event quarantined: its index rows cannot be written; the index moves on without it',
    );
    this.#quarantined += 1;
    if (event.txId) {
      this.#quarantinedTxs.add(event.txId);
      this.#remember(event.txId);
    }
    this.#setPosition(next);
  }

  // The index is derived from the ledger and the checkpoint commits with the rows: if Postgres loses
  // the last commits in a crash, the checkpoint goes back with them and the indexer redoes them.
  async #begin(trx: Knex.Transaction): Promise<void> {
    const asynchronous = { synchronous_commit: 'off' };
    if (this.#opts.seal) await this.#opts.seal.begin(trx, asynchronous);
    else await trx.raw('SET LOCAL synchronous_commit = off');
  }

  // The checkpoint, and the seal over the rows written since the last one, in the rows' transaction.
  async #seal(trx: Knex.Transaction, next: Checkpoint): Promise<void> {
    await writeCheckpoint(trx, next, this.#now());
    await this.#opts.seal?.commit(trx, this.#position, next, this.#now());
  }

  #now(): Date {
    return (this.#opts.clock ?? (() => new Date()))();
  }

  /**
   * After a bulk load Postgres has no statistics for the new rows until autovacuum gets there, and
   * the planner picks sequential scans meanwhile. Refresh them each time the indexed volume doubles,
   * so a large import costs a handful of ANALYZEs, not one per batch.
   */
  async #maybeAnalyze(batch: readonly LedgerEvent[]): Promise<void> {
    for (const event of batch) this.#indexedBytes += event.payload.length;
    if (this.#indexedBytes < this.#analyzeAt) return;
    this.#analyzeAt = this.#indexedBytes * 2;
    const started = Date.now();
    try {
      await this.#opts.knex.raw('ANALYZE');
      this.#opts.logger.info(
        { indexedBytes: this.#indexedBytes, ms: Date.now() - started },
        'index statistics refreshed after a large batch',
      );
    } catch (err) {
      this.#opts.logger.warn({ err }, 'ANALYZE after a large batch failed; autovacuum will refresh the statistics later');
    }
  }

  #remember(txId: string): void {
    // Set order, as before: a transaction seen again keeps its place.
    if (!this.#recent.has(txId)) this.#recent.set(txId, true);
  }

  #setPosition(p: Checkpoint): void {
    this.#position = p;
    for (const wake of this.#waiters) wake();
  }

  /** Resolves true once every block below `height` is in the index; false on timeout. */
  async waitForHeight(height: number, timeoutMs = 30000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.#position.blockNumber < height) {
      if (Date.now() >= deadline || this.#abort.signal.aborted) return false;
      await this.#nextChange(deadline - Date.now());
    }
    return true;
  }

  #nextChange(timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, timeoutMs));
      this.#waiters.add(done);
    });
  }

  /** Resolves true once transaction `txId` (committed in `blockNumber`) is in the index; false on timeout or quarantine. */
  async waitForTx(txId: string, blockNumber: number, timeoutMs = 30000): Promise<boolean> {
    return (await this.waitForTxOutcome(txId, blockNumber, timeoutMs)) === 'indexed';
  }

  /** Waits until transaction `txId` (committed in `blockNumber`) is indexed or quarantined, or `timeoutMs` passes. */
  async waitForTxOutcome(txId: string, blockNumber: number, timeoutMs = 30000): Promise<IndexOutcome> {
    const deadline = Date.now() + timeoutMs;
    while (!this.#recent.has(txId) && this.#position.blockNumber <= blockNumber) {
      const left = deadline - Date.now();
      if (left <= 0 || this.#abort.signal.aborted) return 'timeout';
      await this.#nextChange(left);
    }
    return this.#quarantinedTxs.has(txId) ? 'quarantined' : 'indexed';
  }

  async close(): Promise<void> {
    this.#abort.abort();
    for (const wake of this.#waiters) wake();
    await this.#running;
  }
}
