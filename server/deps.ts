import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Config } from './config/config';
import type { PngWorker } from './features/qr/png-worker';
import type { Metrics } from './http/metrics';
import type { IndexSeal } from './index/index-seal';
import type { Indexer } from './index/indexer';
import type { TraceLedger } from './ledger/trace-ledger';

/** Everything a route or service needs, built once at start-up and passed down. */
export interface Deps {
  readonly config: Config;
  readonly logger: Logger;
  readonly knex: Knex;
  readonly dbKind: 'postgres' | 'pglite';
  readonly ledger: TraceLedger;
  readonly indexer: Indexer;
  /** The index seal the indexer keeps and `GET /ledger/verify` checks; absent, the index is compared in full. */
  readonly indexSeal?: IndexSeal;
  readonly metrics: Metrics;
  /** The thread that draws PNG QR codes (started on first use, stopped when the service closes). */
  readonly qrWorker: PngWorker;
  readonly clock: () => Date;
}
