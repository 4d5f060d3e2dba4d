import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/config/config';
import { registerEnterprise } from '../../server/features/admin/admin-service';
import { prepareEvents } from '../../server/features/epcis/prepare-events';
import { epcisDocumentSchema } from '../../server/features/epcis/epcis-schemas';
import { createLogger } from '../../server/http/logger';
import { openService, type Service } from '../../server/service';
import { chainEnterprises, DEFAULT_CHAIN } from './chain-generator';
import { spoolChain, type SpooledDoc } from './ingest';
import { createBenchDatabase } from './service-child';

interface QueryEvent {
  readonly __knexQueryUid: string;
  readonly sql: string;
  readonly bindings?: readonly unknown[];
}

/** Wall time, count and parameter bytes of the index's SQL statements, by statement. */
class StatementTimes {
  readonly #open = new Map<string, { readonly at: number; readonly key: string; readonly bytes: number }>();
  readonly #totals = new Map<string, { ms: number; count: number; bytes: number }>();

  started(q: QueryEvent): void {
    const bytes = (q.bindings ?? []).reduce<number>((n, b) => n + (typeof b === 'string' ? b.length : 0), 0);
    this.#open.set(q.__knexQueryUid, { at: performance.now(), key: q.sql.replace(/\s+/g, ' ').slice(0, 60), bytes });
  }

  finished(q: QueryEvent): void {
    const open = this.#open.get(q.__knexQueryUid);
    if (!open) return;
    this.#open.delete(q.__knexQueryUid);
    const total = this.#totals.get(open.key) ?? { ms: 0, count: 0, bytes: 0 };
    this.#totals.set(open.key, { ms: total.ms + performance.now() - open.at, count: total.count + 1, bytes: total.bytes + open.bytes });
  }

  clear(): void {
    this.#totals.clear();
  }

  lines(top: number): string[] {
    return [...this.#totals]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, top)
      .map(
        ([sql, t]) =>
          `  ${t.ms.toFixed(0).padStart(7)} ms ${String(t.count).padStart(5)}× ${(t.bytes / 1e6).toFixed(1).padStart(6)} MB  ${sql}`,
      );
  }
}

type Stages = Record<'parse' | 'validate' | 'ledger' | 'index', number>;

async function timeStages(deps: Service['deps'], docs: readonly SpooledDoc[]): Promise<Stages> {
  const totals: Stages = { parse: 0, validate: 0, ledger: 0, index: 0 };
  for (const doc of docs) {
    const text = fs.readFileSync(doc.file, 'utf8');
    let t = performance.now();
    const body = JSON.parse(text) as unknown;
    totals.parse += performance.now() - t;
    t = performance.now();
    const parsed = epcisDocumentSchema.parse(body);
    const prepared = prepareEvents(parsed.epcisBody.eventList, parsed['@context']);
    totals.validate += performance.now() - t;
    t = performance.now();
    const receipt = await deps.ledger.recordEvents(
      { kind: 'enterprise', enterpriseId: doc.recorder },
      { events: prepared.events.map(({ eventID, event }) => ({ eventID, event })) },
    );
    totals.ledger += performance.now() - t;
    t = performance.now();
    await deps.indexer.waitForTx(receipt.txId, receipt.blockNumber, 600000);
    totals.index += performance.now() - t;
  }
  return totals;
}

/**
 * Times each stage of one capture in-process, one document at a time: JSON parse, envelope and
 * per-event validation, ledger execute + block write, and the indexer catching up; then the index's
 * SQL statements by wall time (with the bytes of their parameters).
 * Usage: tsx scripts/bench/stages.ts [events]
 */
async function main(): Promise<void> {
  const events = Number(process.argv[2] ?? 5000);
  const db = await createBenchDatabase('postgres://postgres@127.0.0.1:5432/postgres');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'suyuan-stages-'));
  const config = loadConfig({
    DATA_DIR: dir,
    DATABASE_URL: db.url ?? '',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    ADMIN_API_KEY: 'x'.repeat(32),
    ...(process.env.INDEX_SEAL ? { INDEX_SEAL: process.env.INDEX_SEAL } : {}),
  });
  const service = await openService(config, createLogger('warn'));
  const { deps } = service;
  const statements = new StatementTimes();
  deps.knex.on('query', (q: QueryEvent) => statements.started(q));
  deps.knex.on('query-response', (_rows: unknown, q: QueryEvent) => statements.finished(q));
  try {
    for (const e of chainEnterprises(DEFAULT_CHAIN))
      await registerEnterprise(deps, { kind: 'admin' }, { id: e.id, name: e.name, companyPrefixes: [e.prefix] });
    const spool = spoolChain(path.join(dir, 'chain'), DEFAULT_CHAIN, events, 1000);
    statements.clear();
    const totals = await timeStages(deps, spool.docs);
    const per = (ms: number): string => `${((ms / events) * 1000).toFixed(0)} µs/event`;
    process.stdout.write(`${events} events in ${spool.docs.length} documents, one at a time\n`);
    for (const [stage, ms] of Object.entries(totals))
      process.stdout.write(`  ${stage.padEnd(9)} ${(ms / 1000).toFixed(2)} s  ${per(ms)}\n`);
    process.stdout.write(`index statements by wall time:\n${statements.lines(8).join('\n')}\n`);
  } finally {
    await service.close();
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
