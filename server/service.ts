import path from 'node:path';
import type { RequestListener } from 'node:http';
import type { Express } from 'express';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Config } from './config/config';
import { openDatabase, type Database } from './db/database';
import type { Deps } from './deps';
import { reconcileCaptureJobs } from './features/epcis/capture-service';
import { PngWorker } from './features/qr/png-worker';
import { countActiveKeys, listKeys, newApiKey, upsertKey } from './features/auth/api-key-queries';
import { createApp, createListener, FEATURES, type Feature } from './app';
import { createMetrics } from './http/metrics';
import { Indexer } from './index/indexer';
import { ALL_PROJECTIONS } from './index/all-projections';
import { readCheckpoint } from './index/checkpoint-queries';
import { bindIndex, ledgerIdentity } from './index/index-binding';
import { IndexSeal, setSealTriggers } from './index/index-seal';
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
  /**
   * Told what the admin key is as soon as it is stored, before the ledger opens: a key created now is
   * printed here, so that a ledger that fails to open (or a seed that fails) cannot lose it.
   */
  readonly onAdminKey?: (status: AdminKeyStatus) => void;
}

/** The admin key at start-up: made now (shown once), the one in ADMIN_API_KEY, or keys stored by an earlier start or the CLI. */
export type AdminKeyStatus =
  | { readonly kind: 'created'; readonly apiKey: string }
  | { readonly kind: 'env' }
  | { readonly kind: 'exists'; readonly keys: ReadonlyArray<{ readonly id: string; readonly name: string; readonly createdAt: Date }> };

/** A running service: its dependencies, its app, and what an operator must be told once. */
export interface Service {
  readonly deps: Deps;
  readonly app: Express;
  /** What the HTTP server answers with: `app`, with repeated anonymous resolver scans answered before it. */
  readonly listener: RequestListener;
  /** What the admin key was at start-up (also given to `ServiceOptions.onAdminKey` before the ledger opened). */
  readonly adminKey: AdminKeyStatus;
  /** A freshly created admin key (printed once at first start), if one was made. */
  readonly createdAdminKey?: string;
  close(): Promise<void>;
}

/** Stores an admin key when there is none: the one in ADMIN_API_KEY, else a new one (its hash only). */
async function ensureAdminKey(knex: Knex, config: Config, now: Date): Promise<AdminKeyStatus> {
  if (config.ADMIN_API_KEY) {
    await upsertKey(knex, { id: 'admin-env', name: 'ADMIN_API_KEY', role: 'admin' }, config.ADMIN_API_KEY, now);
    return { kind: 'env' };
  }
  if ((await countActiveKeys(knex, 'admin')) > 0) {
    const keys = (await listKeys(knex)).filter((k) => k.role === 'admin' && !k.revoked_at);
    return { kind: 'exists', keys: keys.map((k) => ({ id: k.id, name: k.name, createdAt: new Date(k.created_at) })) };
  }
  const apiKey = newApiKey();
  await upsertKey(knex, { id: 'admin-initial', name: 'initial admin', role: 'admin' }, apiKey, now);
  return { kind: 'created', apiKey };
}

// The index must be this ledger's, and not ahead of it. `index rebuild` skips both: it empties the index.
async function checkIndexBelongs(knex: Knex, ledger: TraceLedger, config: Config, now: Date): Promise<void> {
  await bindIndex(knex, await ledgerIdentity(ledger, config.LEDGER === 'fabric' ? config.FABRIC_CHAINCODE : undefined), now);
  assertIndexNotAhead(await readCheckpoint(knex), (await ledger.info()).height);
}

// The index seal as INDEX_SEAL asks: its triggers switched on or off, and its key when on.
async function openSeal(knex: Knex, config: Config): Promise<IndexSeal | undefined> {
  await setSealTriggers(knex, config.INDEX_SEAL);
  return config.INDEX_SEAL ? IndexSeal.load(config.dataDir) : undefined;
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
    // The admin key first: whatever fails after this (the ledger, the index check) cannot lose a new key.
    const adminKey = await ensureAdminKey(db.knex, config, clock());
    opts.onAdminKey?.(adminKey);
    ledger = await openLedger(config, clock, logger.child({ component: 'ledger' }));
    if (!opts.allowIndexAhead) await checkIndexBelongs(db.knex, ledger, config, clock());
    const indexSeal = await openSeal(db.knex, config);
    const indexer = new Indexer({
      knex: db.knex,
      seal: indexSeal,
      ledger,
      projections: opts.projections ?? ALL_PROJECTIONS,
      logger: logger.child({ component: 'indexer' }),
      clock,
      analyzeAfterBytes: config.INDEX_ANALYZE_AFTER_BYTES,
    });
    indexer.start();
    const deps: Deps = {
      config,
      logger,
      knex: db.knex,
      dbKind: db.kind,
      ledger,
      indexer,
      indexSeal,
      metrics: createMetrics(),
      qrWorker: new PngWorker(),
      clock,
    };
    await reconcileCaptureJobs(deps);
    const app = createApp(deps, opts.features ?? FEATURES);
    const opened = { db, ledger };
    return {
      deps,
      app,
      listener: createListener(deps, app),
      adminKey,
      ...(adminKey.kind === 'created' ? { createdAdminKey: adminKey.apiKey } : {}),
      close: () => closeAll([indexer, deps.qrWorker, opened.ledger, opened.db]),
    };
  } catch (err) {
    await closeAll([ledger, db]);
    throw err;
  }
}
