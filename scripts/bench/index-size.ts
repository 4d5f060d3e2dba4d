import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import knexFactory, { type Knex } from 'knex';
import pino from 'pino';
import { openDatabase } from '../../server/db/database';
import { INDEX_TABLES } from '../../server/db/migrations';
import { prepareEvents } from '../../server/features/epcis/prepare-events';
import { ALL_PROJECTIONS } from '../../server/index/all-projections';
import { checkIndex } from '../../server/index/index-check';
import { IndexSeal } from '../../server/index/index-seal';
import { rebuildIndex } from '../../server/index/rebuild';
import { EmbeddedLedger } from '../../server/ledger/embedded/embedded-ledger';
import { chainBatches, chainEnterprises, ChainGenerator, DEFAULT_CHAIN } from './chain-generator';

/**
 * Index bytes per event on the real Postgres: records `--events` synthetic chain events into an
 * embedded ledger (or reuses the one in `--ledger DIR`, so two versions of the index can be measured
 * over the very same ledger), indexes them into a fresh database of their own with the service's
 * projections (the `index rebuild` path), and prints the indexing rate and, per index table, its
 * heap, index and total bytes (pg_total_relation_size) and bytes per event. The database is dropped.
 * The indexer keeps the index seal as the service's does (`--unsealed`: without it, to see its cost);
 * `--verify` then times the index check of `GET /ledger/verify` against the seal and the full
 * comparison with the ledger that `ledger verify --deep` runs.
 *
 * Usage: npx tsx scripts/bench/index-size.ts [--events 20000] [--batch 100] [--ledger DIR]
 *        [--url postgres://postgres@127.0.0.1:5432/postgres] [--unsealed] [--verify] [--profile]
 */

async function record(ledger: EmbeddedLedger, events: number, batch: number): Promise<void> {
  for (const e of chainEnterprises(DEFAULT_CHAIN))
    await ledger.registerEnterprise({ kind: 'admin' }, { id: e.id, name: e.name, companyPrefixes: [e.prefix] });
  for (const b of chainBatches(new ChainGenerator(DEFAULT_CHAIN), events, batch)) {
    const { events: prepared, errors } = prepareEvents(b.events, undefined);
    if (errors.length > 0) throw new Error(`generated events do not validate: ${errors[0]?.message ?? ''}`);
    await ledger.recordEvents(
      { kind: 'enterprise', enterpriseId: b.recorder },
      { events: prepared.map(({ eventID, event }) => ({ eventID, event })) },
    );
  }
}

async function openLedger(dir: string | undefined, events: number, batch: number): Promise<{ ledger: EmbeddedLedger; dir: string }> {
  const folder = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'suyuan-index-size-'));
  const fresh = !fs.existsSync(path.join(folder, 'blocks.jsonl'));
  fs.mkdirSync(folder, { recursive: true });
  const ledger = await EmbeddedLedger.open({ dir: folder });
  if (fresh) {
    const started = performance.now();
    await record(ledger, events, batch);
    process.stdout.write(`recorded ${events} events into ${folder} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  } else process.stdout.write(`reusing the ledger in ${folder}\n`);
  return { ledger, dir: folder };
}

interface Size {
  readonly table: string;
  readonly heap: number;
  readonly indexes: number;
  readonly total: number;
}

async function sizes(url: string): Promise<{ events: number; sizes: Size[] }> {
  const knex = knexFactory({ client: 'pg', connection: url });
  try {
    await knex.raw('vacuum analyze');
    const events = Number((await knex.raw<{ rows: Array<{ n: string }> }>('select count(*) as n from events')).rows[0]?.n ?? 0);
    const out: Size[] = [];
    for (const table of INDEX_TABLES) {
      const r = await knex.raw<{ rows: Array<{ total: string; indexes: string }> }>(
        'select pg_total_relation_size(?::regclass) as total, pg_indexes_size(?::regclass) as indexes',
        [table, table],
      );
      const total = Number(r.rows[0]?.total ?? 0);
      const indexes = Number(r.rows[0]?.indexes ?? 0);
      out.push({ table, heap: total - indexes, indexes, total });
    }
    return { events, sizes: out };
  } finally {
    await knex.destroy();
  }
}

function printSizes(events: number, rows: readonly Size[]): void {
  const per = (n: number): string => (n / Math.max(1, events)).toFixed(1).padStart(8);
  process.stdout.write(
    `\n${'table'.padEnd(26)} ${'heap+toast B/ev'.padStart(15)} ${'index B/ev'.padStart(10)} ${'total B/ev'.padStart(10)}\n`,
  );
  for (const s of [...rows].sort((a, b) => b.total - a.total)) {
    if (s.total <= 8192 * 3) continue;
    process.stdout.write(`${s.table.padEnd(26)} ${per(s.heap).padStart(15)} ${per(s.indexes).padStart(10)} ${per(s.total).padStart(10)}\n`);
  }
  const sum = (f: (s: Size) => number): number => rows.reduce((n, s) => n + f(s), 0);
  process.stdout.write(
    `${'ALL index tables'.padEnd(26)} ${per(sum((s) => s.heap)).padStart(15)} ${per(sum((s) => s.indexes)).padStart(10)} ${per(sum((s) => s.total)).padStart(10)}\n`,
  );
  process.stdout.write(`index bytes per event: ${(sum((s) => s.total) / Math.max(1, events)).toFixed(0)} (${events} events)\n`);
}

type Profile = Map<string, { n: number; ms: number }>;

// With --profile: time spent per statement (its first 70 characters), as the client sees it.
function profileQueries(knex: Knex): Profile {
  const profile: Profile = new Map();
  const started = new Map<string, number>();
  knex.on('query', (q: { __knexQueryUid: string }) => started.set(q.__knexQueryUid, performance.now()));
  knex.on('query-response', (_r: unknown, q: { __knexQueryUid: string; sql: string }) => {
    const key = q.sql.replace(/\s+/g, ' ').slice(0, 70);
    const entry = profile.get(key) ?? { n: 0, ms: 0 };
    entry.n += 1;
    entry.ms += performance.now() - (started.get(q.__knexQueryUid) ?? performance.now());
    started.delete(q.__knexQueryUid);
    profile.set(key, entry);
  });
  return profile;
}

function printProfile(profile: Profile): void {
  process.stdout.write('\nstatement (first 70 characters)                                         calls     ms\n');
  for (const [sql, { n, ms }] of [...profile.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15))
    process.stdout.write(`${sql.padEnd(72)} ${String(n).padStart(6)} ${ms.toFixed(0).padStart(6)}\n`);
}

// The two ways GET /ledger/verify and `ledger verify --deep` check an index, timed.
async function timeChecks(deps: Parameters<typeof checkIndex>[0]): Promise<void> {
  for (const full of [false, true]) {
    const started = performance.now();
    const report = await checkIndex(deps, { full });
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    process.stdout.write(`index check ${full ? '(full comparison)' : '(fast)'}: ${report.method}, ok ${String(report.ok)}, ${seconds} s\n`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '20000' },
      batch: { type: 'string', default: '100' },
      ledger: { type: 'string' },
      url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
      profile: { type: 'boolean', default: false },
      unsealed: { type: 'boolean', default: false },
      verify: { type: 'boolean', default: false },
    },
  });
  const seal = values.unsealed ? undefined : new IndexSeal(crypto.randomBytes(32));
  const { ledger, dir } = await openLedger(values.ledger, Number(values.events), Number(values.batch));
  const name = `suyuan_index_size_${process.pid}`;
  const admin = knexFactory({ client: 'pg', connection: values.url });
  await admin.raw(`create database "${name}"`);
  const url = new URL(values.url);
  url.pathname = `/${name}`;
  try {
    const db = await openDatabase({ url: url.toString() });
    const profile = values.profile ? profileQueries(db.knex) : undefined;
    const started = performance.now();
    const { height } = await rebuildIndex({
      knex: db.knex,
      ledger,
      projections: ALL_PROJECTIONS,
      logger: pino({ level: 'silent' }),
      ...(seal ? { seal } : {}),
    });
    const ms = performance.now() - started;
    if (values.verify) await timeChecks({ knex: db.knex, ledger, clock: () => new Date(), ...(seal ? { indexSeal: seal } : {}) });
    await db.close();
    const measured = await sizes(url.toString());
    process.stdout.write(
      `indexed ${measured.events} events (${height} blocks) in ${(ms / 1000).toFixed(1)} s: ${((measured.events * 1000) / ms).toFixed(0)} events/s\n`,
    );
    printSizes(measured.events, measured.sizes);
    if (profile) printProfile(profile);
  } finally {
    await ledger.close();
    if (process.env.KEEP_INDEX_DB) process.stdout.write(`kept database ${name}\n`);
    else await admin.raw(`drop database if exists "${name}" with (force)`);
    await admin.destroy();
    if (!values.ledger) fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
