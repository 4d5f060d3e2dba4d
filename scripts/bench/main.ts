import fs from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { runFabricBenchCli } from './fabric-main';
import { DEFAULT_CHAIN, type ChainOptions } from './chain-generator';
import {
  captureStages,
  ingestThroughService,
  RawInsertBaseline,
  registerChain,
  spoolChain,
  stageMsPer1000,
  type Spool,
  type SpooledDoc,
} from './ingest';
import { BareCeiling, cpuSeconds, load, QR_TARGETS, targetRequest } from './qr';
import { machineInfo, quantile, writeQrSection, writeReport, type IngestFigures, type QrFigures, type TraceFigures } from './report';
import { createSuyuanClient } from '../../client';
import { apiKeyAnswer } from '../../client/answers';
import { createBenchDatabase, MemorySampler, memoryOf, ServiceChild, type BenchDatabase } from './service-child';
import { soak } from './soak';
import { measureStartup } from './startup';
import { InMemoryLineage, sampleLots, traceThroughService, type Direction } from './trace';

/**
 * Usage: npm run bench -- [--quick] [--events N] [--rounds N] [--clients N] [--soak] [--fabric] [--profile DIR] [--out BENCHMARKS.md] [--only qr]
 * `--fabric` runs only the Fabric matrix and rewrites only its section (see scripts/bench/fabric-main.ts).
 * `--only qr` ingests the chain unmeasured, runs only the QR load and rewrites only the QR section of --out.
 */
const FABRIC = process.argv.includes('--fabric');
const { values: args } = parseArgs({
  // --fabric runs only the Fabric matrix (scripts/bench/fabric-main.ts), which reads its own options.
  args: FABRIC ? [] : process.argv.slice(2),
  options: {
    quick: { type: 'boolean', default: false },
    events: { type: 'string' },
    rounds: { type: 'string' },
    clients: { type: 'string', default: '4' },
    soak: { type: 'boolean', default: false },
    'soak-seconds': { type: 'string', default: '60' },
    fabric: { type: 'boolean', default: false },
    profile: { type: 'string' },
    only: { type: 'string' },
    out: { type: 'string', default: 'BENCHMARKS.md' },
    'admin-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const QUICK = args.quick;
const ONLY_QR = args.only === 'qr';
if (args.only !== undefined && !ONLY_QR) throw new Error(`--only takes "qr", not "${args.only}"`);
const EVENTS = Number(args.events ?? (QUICK ? 100_000 : 1_000_000));
const ROUNDS = Number(args.rounds ?? (QUICK ? 3 : 5));
const CLIENTS = Number(args.clients);
const QR_SECONDS = QUICK ? 4 : 10;
const QR_CONNECTIONS = 32;
const TRACES_PER_ROUND = QUICK ? 60 : 200;
const MAX_DEPTH = 12;
const CHAIN: ChainOptions = DEFAULT_CHAIN;

const log = (text: string): void => void process.stderr.write(`${text}\n`);

function bar(title: string, total: number): cliProgress.SingleBar {
  const b = new cliProgress.SingleBar(
    {
      format: `${title.padEnd(26)} [{bar}] {value}/{total} {duration_formatted}`,
      stream: process.stderr,
      noTTYOutput: true,
      notTTYSchedule: 15000,
    },
    cliProgress.Presets.shades_classic,
  );
  b.start(total, 0);
  return b;
}

function segments<T>(list: readonly T[], n: number): T[][] {
  const size = Math.ceil(list.length / n);
  return Array.from({ length: n }, (_, i) => list.slice(i * size, (i + 1) * size)).filter((s) => s.length > 0);
}

function spool(dir: string): Spool {
  const b = bar('generating chain', EVENTS);
  const s = spoolChain(dir, CHAIN, EVENTS, 1000, (n) => b.update(n));
  b.stop();
  return s;
}

function eventCount(docs: readonly SpooledDoc[]): number {
  return docs.reduce((n, d) => n + d.events, 0);
}

/** Events per second through the service and, when there is a Postgres baseline, through raw INSERTs. */
async function ingestRound(
  service: ServiceChild,
  keys: Map<string, string>,
  docs: readonly SpooledDoc[],
  name: string,
  raw: RawInsertBaseline | undefined,
): Promise<readonly [number, number | undefined, { ledger: number; index: number }]> {
  const events = eventCount(docs);
  const b = bar(name, events);
  const stagesBefore = await captureStages(service.base);
  const seconds = await ingestThroughService(service.base, keys, docs, CLIENTS, (d) => b.increment(d.events));
  const stages = stageMsPer1000(stagesBefore, await captureStages(service.base), events);
  b.stop();
  const rawRate = raw ? events / (await raw.run(docs, CLIENTS)) : undefined;
  return [events / seconds, rawRate, stages];
}

async function ingest(service: ServiceChild, keys: Map<string, string>, s: Spool, dbUrl: string | undefined): Promise<IngestFigures> {
  const rounds = segments(s.docs, ROUNDS);
  const raw = dbUrl ? new RawInsertBaseline(dbUrl, CLIENTS) : undefined;
  await raw?.prepare();
  const service_: number[] = [];
  const raw_: number[] = [];
  const stages = { ledger: [] as number[], index: [] as number[] };
  for (const [r, docs] of rounds.entries()) {
    const [serviceRate, rawRate, perTx] = await ingestRound(service, keys, docs, `ingest round ${r + 1}/${rounds.length}`, raw);
    service_.push(serviceRate);
    stages.ledger.push(perTx.ledger);
    stages.index.push(perTx.index);
    if (rawRate !== undefined) raw_.push(rawRate);
    log(`  service ${serviceRate.toFixed(0)} events/s, raw INSERT ${rawRate?.toFixed(0) ?? '—'} events/s`);
  }
  await raw?.close();
  return {
    eventsPerRound: eventCount(rounds[0] ?? []),
    service: service_,
    raw: raw_,
    stagesMs: stages,
    peakRssMiB: memoryOf(service.pid).hwmMiB,
    docBytes: s.bytes / s.docs.length,
    skippedRaw: raw ? undefined : 'skipped (no Postgres)',
  };
}

async function regulator(service: ServiceChild): Promise<string> {
  const admin = createSuyuanClient(service.base, service.adminKey);
  const { data, response } = await admin.POST('/admin/keys', { body: { role: 'regulator', name: 'bench regulator' } });
  if (response.status !== 201) throw new Error(`POST /admin/keys: ${response.status}`);
  return apiKeyAnswer.parse(data).apiKey;
}

// After a bulk load Postgres has no statistics until autovacuum gets to the tables; an operator
// runs ANALYZE after an import, and without it the planner picks parallel sequential scans.
async function analyze(dbUrl: string | undefined): Promise<void> {
  if (!dbUrl) return;
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    await client.query('analyze');
  } finally {
    await client.end();
  }
}

async function traceOne(
  base: string,
  key: string,
  graph: InMemoryLineage,
  lots: readonly string[],
  direction: Direction,
): Promise<{ service: number[]; memory: number[]; nodes: number[]; mismatches: number }> {
  const service = await traceThroughService(base, key, lots, direction, MAX_DEPTH);
  graph.time(lots.slice(0, 20), direction, MAX_DEPTH);
  const memory = graph.time(lots, direction, MAX_DEPTH);
  const mismatches = service.filter((s, i) => s.nodes !== memory[i]?.nodes).length;
  return { service: service.map((s) => s.ms), memory: memory.map((m) => m.ms), nodes: service.map((s) => s.nodes), mismatches };
}

async function trace(
  service: ServiceChild,
  key: string,
  dbUrl: string | undefined,
  lots: readonly string[],
): Promise<TraceFigures[] | undefined> {
  if (!dbUrl) return undefined;
  const graph = await InMemoryLineage.load(dbUrl);
  log(`  ${graph.edges.toLocaleString('en-US')} walkable lineage edges loaded for the in-memory ceiling`);
  const out: TraceFigures[] = [];
  for (const direction of ['forward', 'backward'] as const) {
    const f: TraceFigures = {
      direction,
      service: { p50: [], p99: [] },
      memory: { p50: [], p99: [] },
      nodes: [],
      mismatches: 0,
      samples: 0,
    };
    const b = bar(`trace ${direction}`, ROUNDS);
    for (let r = 0; r < ROUNDS; r++) {
      const t = await traceOne(
        service.base,
        key,
        graph,
        sampleLots(lots, TRACES_PER_ROUND, CHAIN.seed + r * 7 + (direction === 'forward' ? 0 : 3)),
        direction,
      );
      f.service.p50.push(quantile(t.service, 0.5));
      f.service.p99.push(quantile(t.service, 0.99));
      f.memory.p50.push(quantile(t.memory, 0.5));
      f.memory.p99.push(quantile(t.memory, 0.99));
      f.nodes.push(...t.nodes);
      Object.assign(f, { mismatches: f.mismatches + t.mismatches, samples: f.samples + t.service.length });
      b.increment();
    }
    b.stop();
    out.push(f);
  }
  return out;
}

async function qr(service: ServiceChild, productLots: readonly string[]): Promise<QrFigures[]> {
  const figures = new Map(
    QR_TARGETS.map((t) => [t, { target: t, reqPerSec: [] as number[], p99: [] as number[], cpuUs: [] as number[], errors: 0 }]),
  );
  const lots = sampleLots(productLots, ROUNDS, CHAIN.seed + 11);
  const b = bar('QR load', ROUNDS * QR_TARGETS.length);
  for (let r = 0; r < ROUNDS; r++) {
    const lot = lots[r % lots.length] ?? '';
    // The ceiling of this round answers the bytes the service gives for this round's lot.
    const ceiling = await BareCeiling.start(service.base, lot);
    try {
      for (let k = 0; k < QR_TARGETS.length; k++) {
        const target = QR_TARGETS[(k + r) % QR_TARGETS.length] ?? 'page';
        const { url, accept } = targetRequest(service.base, ceiling.base, target, lot);
        const pid = target.startsWith('bare') ? ceiling.pid : service.pid;
        const cpu0 = cpuSeconds(pid);
        const res = await load(url, accept, QR_SECONDS, QR_CONNECTIONS);
        const f = figures.get(target);
        f?.cpuUs.push(((cpuSeconds(pid) - cpu0) / Math.max(1, res.reqPerSec * QR_SECONDS)) * 1e6);
        f?.reqPerSec.push(res.reqPerSec);
        f?.p99.push(res.p99Ms);
        if (f) f.errors += res.errors;
        b.increment();
      }
    } finally {
      await ceiling.stop();
    }
  }
  b.stop();
  return [...figures.values()];
}

// The Fabric figures come from their own run (--fabric); a full run keeps what that run wrote.
function keptFabricSection(file: string): string {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const start = text.indexOf('\n## Fabric mode\n');
  if (start < 0)
    return 'Not run: `npm run bench -- --fabric` measures Fabric mode on a fresh development network (docs/fabric.md) and rewrites only this section.';
  const next = text.indexOf('\n## ', start + 1);
  return text.slice(start + '\n## Fabric mode\n'.length, next < 0 ? undefined : next).trim();
}

function databaseLabel(db: BenchDatabase): string {
  return db.url ? `Postgres ${db.version ?? ''} (fresh database per run)` : `PGlite (${db.why ?? ''})`;
}

async function main(): Promise<void> {
  if (FABRIC) return runFabricBenchCli(process.argv.slice(2));
  const started = Date.now();
  const loadStart = os.loadavg();
  const db = await createBenchDatabase(args['admin-url']);
  if (db.why) log(db.why);
  const chainDir = fs.mkdtempSync(path.join(os.tmpdir(), 'suyuan-bench-chain-'));
  const service = await ServiceChild.start({ databaseUrl: db.url, cpuProfileDir: args.profile && path.resolve(args.profile) });
  const emptyStart = await service.restart();
  const sampler = new MemorySampler(service.pid);
  try {
    const s = spool(chainDir);
    const keys = await registerChain(service.base, service.adminKey, CHAIN);
    if (ONLY_QR) return await qrOnly(service, keys, s, db);
    const ingestFigures = await ingest(service, keys, s, db.url);
    await analyze(db.url);
    const key = await regulator(service);
    const traceFigures = args.profile ? undefined : await trace(service, key, db.url, s.lots);
    const qrFigures = args.profile ? undefined : await qr(service, s.productLots);
    const soakResult = args.soak || !QUICK ? await runSoak(service, keys, key, s) : undefined;
    const startup = await measureStartup(service, key, emptyStart, db.url);
    writeReport(args.out, {
      command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
      date: new Date().toISOString(),
      machine: machineInfo(databaseLabel(db), loadStart),
      settings: {
        events: EVENTS.toLocaleString('en-US'),
        rounds: ROUNDS,
        'capture clients': CLIENTS,
        'events per document': 1000,
        'chain (farms/processors/distributors/retailers, stages)': `${CHAIN.farms}/${CHAIN.processors}/${CHAIN.distributors}/${CHAIN.retailers}, ${CHAIN.stages}`,
        QR: `${QR_CONNECTIONS} connections × ${QR_SECONDS} s per target per round`,
        'traces per direction per round': TRACES_PER_ROUND,
      },
      ingest: ingestFigures,
      trace: traceFigures,
      qr: qrFigures,
      soak: soakResult,
      startup,
      fabric: keptFabricSection(args.out),
      totalSeconds: (Date.now() - started) / 1000,
    });
    log(`wrote ${args.out}`);
  } finally {
    sampler.stop();
    await service.stop();
    await db.drop();
    fs.rmSync(chainDir, { recursive: true, force: true });
  }
}

/** `--only qr`: the chain goes in unmeasured, then the QR rounds; only the QR section of --out is rewritten. */
async function qrOnly(service: ServiceChild, keys: Map<string, string>, s: Spool, db: BenchDatabase): Promise<void> {
  const b = bar('ingest (not measured)', eventCount(s.docs));
  await ingestThroughService(service.base, keys, s.docs, CLIENTS, (d) => b.increment(d.events));
  b.stop();
  await analyze(db.url);
  const loadStart = os.loadavg();
  const figures = await qr(service, s.productLots);
  writeQrSection(args.out, {
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    date: new Date().toISOString(),
    index: databaseLabel(db),
    events: EVENTS,
    connections: QR_CONNECTIONS,
    seconds: QR_SECONDS,
    loadStart,
    loadEnd: os.loadavg(),
    figures,
  });
  log(`wrote the QR section of ${args.out}`);
}

async function runSoak(service: ServiceChild, keys: Map<string, string>, key: string, s: Spool): Promise<Awaited<ReturnType<typeof soak>>> {
  const seconds = Number(args['soak-seconds']);
  log(`sustained mixed load for ${seconds} s …`);
  return soak({
    base: service.base,
    pid: service.pid,
    keys,
    regulatorKey: key,
    lots: s.lots,
    productLots: s.productLots,
    chain: CHAIN,
    seconds,
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
