import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/config/config';
import { registerEnterprise } from '../../server/features/admin/admin-service';
import { prepareEvents } from '../../server/features/epcis/prepare-events';
import { epcisDocumentSchema } from '../../server/features/epcis/epcis-schemas';
import { createLogger } from '../../server/http/logger';
import { openService } from '../../server/service';
import { chainEnterprises, DEFAULT_CHAIN } from './chain-generator';
import { spoolChain } from './ingest';
import { createBenchDatabase } from './service-child';

/**
 * Times each stage of one capture in-process, one document at a time: JSON parse, envelope and
 * per-event validation, ledger execute + block write, and the indexer catching up.
 * Usage: tsx scripts/bench/stages.ts [events]
 */
async function main(): Promise<void> {
  const events = Number(process.argv[2] ?? 5000);
  const db = await createBenchDatabase('postgres://postgres@127.0.0.1:5432/postgres');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'suyuan-stages-'));
  const config = loadConfig({ DATA_DIR: dir, DATABASE_URL: db.url ?? '', SEED_DEMO: 'false', LOG_LEVEL: 'warn', ADMIN_API_KEY: 'x'.repeat(32) });
  const service = await openService(config, createLogger('warn'));
  const { deps } = service;
  try {
    for (const e of chainEnterprises(DEFAULT_CHAIN)) await registerEnterprise(deps, { kind: 'admin' }, { id: e.id, name: e.name, companyPrefixes: [e.prefix] });
    const spool = spoolChain(path.join(dir, 'chain'), DEFAULT_CHAIN, events, 1000);
    const totals = { parse: 0, validate: 0, ledger: 0, index: 0 };
    for (const doc of spool.docs) {
      const text = fs.readFileSync(doc.file, 'utf8');
      let t = performance.now();
      const body = JSON.parse(text) as unknown;
      totals.parse += performance.now() - t;
      t = performance.now();
      const parsed = epcisDocumentSchema.parse(body);
      const prepared = prepareEvents(parsed.epcisBody.eventList, parsed['@context']);
      totals.validate += performance.now() - t;
      t = performance.now();
      const receipt = await deps.ledger.recordEvents({ kind: 'enterprise', enterpriseId: doc.recorder }, { events: prepared.events.map(({ eventID, event }) => ({ eventID, event })) });
      totals.ledger += performance.now() - t;
      t = performance.now();
      await deps.indexer.waitForTx(receipt.txId, receipt.blockNumber, 600000);
      totals.index += performance.now() - t;
    }
    const per = (ms: number): string => `${((ms / events) * 1000).toFixed(0)} µs/event`;
    process.stdout.write(`${events} events in ${spool.docs.length} documents, one at a time\n`);
    for (const [stage, ms] of Object.entries(totals)) process.stdout.write(`  ${stage.padEnd(9)} ${(ms / 1000).toFixed(2)} s  ${per(ms)}\n`);
  } finally {
    await service.close();
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
