/**
 * Crash test: the real server (embedded ledger, Postgres index) is SIGKILLed at random moments
 * while clients capture events, restarted each time, and then checked: every acknowledged
 * capture is on the ledger and in the index exactly once, nothing unacknowledged is half
 * there, the ledger verifies, and a full index rebuild gives the same tables as the live index.
 *
 * Usage: npm run test:crash
 * Environment: CRASH_SEED (default: random, printed), CRASH_KILLS (5), CRASH_CLIENTS (4),
 * CRASH_DATABASE_URL (default DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres).
 * Exits 0 when every check holds, 1 otherwise (the data folder and server log are kept then).
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { createSuyuanClient } from '../client';
import { apiKeyAnswer } from '../client/answers';
import { tableDigests } from '../server/index/index-digest';
import { CaptureClients, type Attempt } from './crash/capture-clients';
import { freshDatabase } from './lib/fresh-database';
import { checkIndex, checkThroughApi, verifyLedger, waitCaughtUp } from './crash/checks';
import { freePort, ServerProcess } from './crash/server-process';
import { prng } from './bench/chain-generator';
import { runMain } from './lib/run-main';

const ROOT = path.resolve(__dirname, '..');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Registers the test enterprise and a regulator key through the admin API; their new API keys. */
async function issueKeys(baseUrl: string, adminKey: string, prefix: string): Promise<{ apiKey: string; regulatorKey: string }> {
  const admin = createSuyuanClient(baseUrl, adminKey);
  const enterprise = await admin.POST('/admin/enterprises', {
    body: { id: `crash-${prefix}`, name: 'Crash test farm', companyPrefixes: [prefix] },
  });
  if (enterprise.response.status !== 201)
    throw new Error(`POST /admin/enterprises: ${enterprise.response.status} ${JSON.stringify(enterprise.error)}`);
  const regulator = await admin.POST('/admin/keys', { body: { role: 'regulator', name: 'crash test' } });
  if (regulator.response.status !== 201)
    throw new Error(`POST /admin/keys: ${regulator.response.status} ${JSON.stringify(regulator.error)}`);
  return { apiKey: apiKeyAnswer.parse(enterprise.data).apiKey, regulatorKey: apiKeyAnswer.parse(regulator.data).apiKey };
}

async function rebuildWithCli(env: NodeJS.ProcessEnv, logFile: string): Promise<void> {
  const log = fs.openSync(logFile, 'a');
  const child = spawn('npm', ['run', '--silent', 'cli', '--', 'index', 'rebuild'], { cwd: ROOT, env, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`npm run cli -- index rebuild exited with ${String(code)}; see ${logFile}`);
}

interface Run {
  readonly kills: number[];
  readonly restartsMs: number[];
}

async function crashLoop(server: ServerProcess, rng: () => number, kills: number): Promise<Run> {
  const run: Run = { kills: [], restartsMs: [] };
  for (let i = 0; i < kills; i++) {
    const after = Math.round(1000 + rng() * 3500);
    await sleep(after);
    await server.stop('SIGKILL');
    run.kills.push(after);
    run.restartsMs.push(await server.start());
  }
  return run;
}

function tally(attempts: readonly Attempt[]): Record<string, number> {
  const count = (f: (a: Attempt) => boolean): number => attempts.filter(f).length;
  return {
    requests: attempts.length,
    ackedEvents: count((a) => a.route === 'events' && a.outcome === 'acked'),
    ackedCaptures: count((a) => a.route === 'capture' && a.outcome === 'acked'),
    ackedEventIds: attempts.filter((a) => a.outcome === 'acked').reduce((n, a) => n + a.eventIds.length, 0),
    rejected: count((a) => a.outcome === 'rejected'),
    unknown: count((a) => a.outcome === 'unknown'),
  };
}

interface Rig {
  readonly seed: number;
  readonly dataDir: string;
  readonly logFile: string;
  readonly env: NodeJS.ProcessEnv;
  readonly adminKey: string;
  readonly server: ServerProcess;
  readonly knex: Knex;
  readonly dropDatabase: () => Promise<void>;
}

async function setUp(seed: number): Promise<Rig> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'suyuan-crash-'));
  const logFile = path.join(dataDir, 'server.log');
  const db = await freshDatabase(
    process.env.CRASH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    'suyuan_crash',
  );
  const adminKey = `sy_crash_admin_${crypto.randomBytes(16).toString('hex')}`;
  const env = {
    ...process.env,
    DATA_DIR: path.join(dataDir, 'data'),
    DATABASE_URL: db.url,
    ADMIN_API_KEY: adminKey,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
  };
  const server = new ServerProcess({ cwd: ROOT, env, port: await freePort(), logFile, startTimeoutMs: 120000 });
  const knex = knexFactory({ client: 'pg', connection: db.url, pool: { min: 0, max: 2 } });
  return { seed, dataDir, logFile, env, adminKey, server, knex, dropDatabase: db.drop };
}

/** Registers the enterprise, captures through the kills, and returns the clients' record. */
async function capture(rig: Rig, rng: () => number, kills: number): Promise<{ clients: CaptureClients; run: Run; regulatorKey: string }> {
  await rig.server.start();
  const base = rig.server.baseUrl;
  const prefix = `95${String(rig.seed % 100000).padStart(5, '0')}`;
  const { apiKey, regulatorKey } = await issueKeys(base, rig.adminKey, prefix);
  const clients = new CaptureClients({ baseUrl: base, apiKey, companyPrefix: prefix, rng, jobDeadlineMs: 90000 });
  const capturing = clients.run(Number(process.env.CRASH_CLIENTS ?? 4));
  const run = await crashLoop(rig.server, rng, kills);
  await sleep(1500);
  clients.stop();
  await capturing;
  return { clients, run, regulatorKey };
}

/** Every check on the data, then the rebuild comparison with the server stopped; returns the ledger report. */
async function check(rig: Rig, clients: CaptureClients, regulatorKey: string, failures: string[]): Promise<Record<string, unknown>> {
  const base = rig.server.baseUrl;
  if (!(await waitCaughtUp(base, 60000))) failures.push('the index did not catch up with the ledger within 60 s');
  const findings = await checkIndex(rig.knex, clients.attempts, failures);
  await checkThroughApi(base, regulatorKey, clients.attempts, failures);
  const verification = await verifyLedger(base, rig.adminKey, failures);
  await rig.server.stop('SIGTERM');
  const live = await tableDigests(rig.knex);
  await rebuildWithCli(rig.env, rig.logFile);
  const rebuilt = await tableDigests(rig.knex);
  for (const [table, digest] of Object.entries(live))
    if (rebuilt[table] !== digest) failures.push(`index table ${table} differs after a full rebuild`);
  const chain = verification.chain as { height?: number; checkedTransactions?: number } | undefined;
  return { ...findings, ledgerHeight: chain?.height, ledgerTransactions: chain?.checkedTransactions };
}

async function main(): Promise<number> {
  const started = Date.now();
  const seed = Number(process.env.CRASH_SEED ?? crypto.randomInt(2 ** 31));
  const kills = Number(process.env.CRASH_KILLS ?? 5);
  const rng = prng(seed);
  process.stdout.write(`crash test: seed ${seed} (rerun with CRASH_SEED=${seed}), ${kills} kills\n`);
  const rig = await setUp(seed);
  const failures: string[] = [];
  try {
    const { clients, run, regulatorKey } = await capture(rig, rng, kills);
    const checked = await check(rig, clients, regulatorKey, failures);
    const rejectedBecause = [
      ...new Set(clients.attempts.filter((a) => a.outcome === 'rejected').map((a) => (a.detail ?? '').slice(0, 160))),
    ].slice(0, 5);
    const summary = {
      seed,
      kills: run.kills.length,
      killAfterMs: run.kills,
      restartMs: run.restartsMs,
      ...tally(clients.attempts),
      ...checked,
      rejectedBecause,
      clientErrors: clients.clientErrors.length,
      seconds: Math.round((Date.now() - started) / 100) / 10,
    };
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } catch (err) {
    failures.push(`crash test could not complete: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  } finally {
    await rig.server.stop('SIGKILL');
    await rig.knex.destroy();
    await rig.dropDatabase().catch((err: unknown) => process.stderr.write(`could not drop the test database: ${String(err)}\n`));
  }
  return report(failures, rig.dataDir);
}

function report(failures: readonly string[], dataDir: string): number {
  if (failures.length === 0) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    process.stdout.write('crash test passed: nothing acknowledged was lost, nothing half-written, ledger and index verify\n');
    return 0;
  }
  process.stderr.write(
    `crash test FAILED (${failures.length}):\n${failures
      .slice(0, 50)
      .map((f) => `  - ${f}`)
      .join('\n')}\nserver log and data kept in ${dataDir}\n`,
  );
  return 1;
}

runMain(main);
