import path from 'node:path';
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { Config } from './config/config';
import { openDatabase, type Database } from './db/database';
import type { Deps } from './deps';
import { reconcileCaptureJobs } from './features/epcis/capture-service';
import { countActiveKeys, newApiKey, upsertKey } from './features/auth/api-key-queries';
import { createApp, FEATURES, type Feature } from './app';
import { createMetrics } from './http/metrics';
import { Indexer } from './index/indexer';
import { ALL_PROJECTIONS } from './index/all-projections';
import { readCheckpoint } from './index/checkpoint-queries';
import { assertIndexNotAhead } from './index/index-status';
import type { Projections } from './index/projections';
import { openLedger } from './ledger/open-ledger';
import type { TraceLedger } from './ledger/trace-ledger';

export interface ServiceOptions {
  readonly clock?: () => Date;
  readonly features?: readonly Feature[];
  readonly projections?: Projections;
  /** Open even when the index checkpoint is past the ledger's height; only for `index rebuild`, which discards the index. */
  readonly allowIndexAhead?: boolean;
}

/** A running service: its dependencies, its app, and what an operator must be told once. */
export interface Service {
  readonly deps: Deps;
  readonly app: Express;
  /** A freshly created admin key (printed once at first start), if one was made. */
  readonly createdAdminKey?: string;
  close(): Promise<void>;
}

async function ensureAdminKey(deps: Deps): Promise<string | undefined> {
  const now = deps.clock();
  if (deps.config.ADMIN_API_KEY) {
    await upsertKey(deps.knex, { id: 'admin-env', name: 'ADMIN_API_KEY', role: 'admin' }, deps.config.ADMIN_API_KEY, now);
    return undefined;
  }
  if ((await countActiveKeys(deps.knex, 'admin')) > 0) return undefined;
  const apiKey = newApiKey();
  await upsertKey(deps.knex, { id: 'admin-initial', name: 'initial admin', role: 'admin' }, apiKey, now);
  return apiKey;
}

async function closeAll(parts: ReadonlyArray<{ close(): Promise<void> } | undefined>): Promise<void> {
  for (const part of parts) await part?.close().catch(() => undefined);
}

/** Opens the index database, the ledger and the indexer, and builds the app over them. */
export async function openService(config: Config, logger: Logger, opts: ServiceOptions = {}): Promise<Service> {
  const clock = opts.clock ?? ((): Date => new Date());
  let db: Database | undefined;
  let ledger: TraceLedger | undefined;
  try {
    db = await openDatabase(config.DATABASE_URL ? { url: config.DATABASE_URL } : { pgliteDir: path.join(config.dataDir, 'pglite') });
    ledger = await openLedger(config, clock, logger.child({ component: 'ledger' }));
    if (!opts.allowIndexAhead) assertIndexNotAhead(await readCheckpoint(db.knex), (await ledger.info()).height);
    const indexer = new Indexer({ knex: db.knex, ledger, projections: opts.projections ?? ALL_PROJECTIONS, logger: logger.child({ component: 'indexer' }), clock, analyzeAfterBytes: config.INDEX_ANALYZE_AFTER_BYTES });
    indexer.start();
    const deps: Deps = { config, logger, knex: db.knex, dbKind: db.kind, ledger, indexer, metrics: createMetrics(), clock };
    const createdAdminKey = await ensureAdminKey(deps);
    await reconcileCaptureJobs(deps);
    const app = createApp(deps, opts.features ?? FEATURES);
    const opened = { db, ledger };
    return { deps, app, ...(createdAdminKey ? { createdAdminKey } : {}), close: () => closeAll([indexer, opened.ledger, opened.db]) };
  } catch (err) {
    await closeAll([ledger, db]);
    throw err;
  }
}
