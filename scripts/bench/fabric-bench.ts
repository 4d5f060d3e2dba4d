import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/config/config';
import { enrollWith, enrolmentOf } from '../../server/cli/fabric/enroll';
import { openGatewayLedger } from '../../server/ledger/gateway/open-gateway-ledger';
import { chaincodeCost, type ChaincodeCost } from './chaincode-cost';
import { chainEnterprises, DEFAULT_CHAIN, type ChainOptions } from './chain-generator';
import { CEILING_CHAINCODE, freshNetwork } from './fabric-network';
import { ceilingCell, eventsPerSecond, serviceCell, type LoadFigures } from './fabric-load';
import { registerChain, type SpooledDoc } from './ingest';
import { spoolFullDocuments } from './fabric-spool';
import { createBenchDatabase, ServiceChild } from './service-child';

export interface FabricBenchOptions {
  readonly clients: readonly number[];
  readonly docSizes: readonly number[];
  /** Seconds per cell below the largest client count. */
  readonly seconds: number;
  /** Seconds per cell at the largest client count (the sustained part: at least 300 for the figures). */
  readonly soakSeconds: number;
  /** Reset the network and deploy both chaincodes first (default); off reuses a running network. */
  readonly freshNetwork: boolean;
  readonly adminUrl: string;
  readonly log: (line: string) => void;
}

export interface FabricBenchResult {
  readonly ceiling: LoadFigures[];
  readonly service: LoadFigures[];
  readonly cost: ChaincodeCost;
  readonly spoolEvents: number;
  readonly network: string;
}

// Enough of the chain that the service never runs out within a cell: a generous guess of its rate.
const SPOOL_RATE_GUESS = 1200;

function secondsFor(opts: FabricBenchOptions, clients: number): number {
  return clients === Math.max(...opts.clients) ? opts.soakSeconds : opts.seconds;
}

function spoolAll(dir: string, opts: FabricBenchOptions): Map<number, SpooledDoc[]> {
  const seconds = opts.clients.reduce((s, c) => s + secondsFor(opts, c), 0);
  const spools = new Map<number, SpooledDoc[]>();
  for (const [i, size] of opts.docSizes.entries()) {
    // Each document size gets a chain of its own identifiers and event ids (tag, seed, serials), so no cell repeats
    // an identifier: the 2026-12-02/03 runs reused the pallets of the 100-event chain in the 1,000-event one.
    const chain: ChainOptions = { ...DEFAULT_CHAIN, tag: `F${size}`, seed: DEFAULT_CHAIN.seed + size, serialBase: 100_000_000 * (i + 1) };
    const t0 = Date.now();
    spools.set(size, spoolFullDocuments(path.join(dir, String(size)), chain, Math.ceil(seconds * SPOOL_RATE_GUESS), size));
    opts.log(
      `spooled the chain in documents of ${size} events: ${spools.get(size)?.length ?? 0} documents in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
    );
  }
  return spools;
}

function describe(f: LoadFigures): string {
  return `${f.clients} client(s) × ${f.docSize} events/document: ${eventsPerSecond(f).toFixed(0)} events/s over ${f.seconds.toFixed(0)} s, ${f.docs} documents, ${f.failedDocs} failed${f.firstFailure ? ` (${f.firstFailure})` : ''}`;
}

async function measureCeiling(opts: FabricBenchOptions, spools: Map<number, SpooledDoc[]>): Promise<LoadFigures[]> {
  const ceiling = await openGatewayLedger(loadConfig({ ...process.env, LEDGER: 'fabric', FABRIC_CHAINCODE: CEILING_CHAINCODE }));
  const out: LoadFigures[] = [];
  try {
    for (const size of opts.docSizes) {
      for (const clients of opts.clients) {
        const f = await ceilingCell(ceiling, spools.get(size) ?? [], clients, size, secondsFor(opts, clients));
        opts.log(`ceiling: ${describe(f)}`);
        out.push(f);
      }
    }
  } finally {
    await ceiling.close();
  }
  return out;
}

async function measureService(opts: FabricBenchOptions, spools: Map<number, SpooledDoc[]>): Promise<LoadFigures[]> {
  // An index of its own, bound to this network's ledger.
  const db = await createBenchDatabase(opts.adminUrl);
  const service = await ServiceChild.start({ databaseUrl: db.url, env: { LEDGER: 'fabric' } });
  const out: LoadFigures[] = [];
  try {
    const keys = await registerChain(service.base, service.adminKey, DEFAULT_CHAIN);
    for (const size of opts.docSizes) {
      const queue = [...(spools.get(size) ?? [])];
      for (const clients of opts.clients) {
        const f = await serviceCell(service.base, keys, queue, clients, size, secondsFor(opts, clients));
        opts.log(`service: ${describe(f)}`);
        out.push(f);
      }
    }
  } finally {
    await service.stop();
    await db.drop();
  }
  return out;
}

/**
 * `npm run bench -- --fabric`: on a fresh two-organisation network (the project's own scripts),
 * enrols the chain's enterprises, then measures the ceiling chaincode and the service (LEDGER=fabric,
 * a fresh index database) for each client count and document size, in the same run.
 */
export async function fabricBench(opts: FabricBenchOptions): Promise<FabricBenchResult> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'suyuan-bench-fabric-'));
  try {
    if (opts.freshNetwork) freshNetwork(path.join(work, 'network.log'), opts.log);
    const enrolment = enrolmentOf(loadConfig({ ...process.env, LEDGER: 'fabric' }));
    for (const e of chainEnterprises(DEFAULT_CHAIN)) await enrollWith(enrolment, e.id);
    const cost = await chaincodeCost(20_000, 1000);
    opts.log(
      `rules per event: ${cost.readsPerEvent.toFixed(2)} state reads, ${cost.writesPerEvent.toFixed(2)} writes, ${cost.cpuMsPer1000.toFixed(0)} ms CPU per 1,000 events`,
    );
    const spools = spoolAll(path.join(work, 'chain'), opts);
    const ceiling = await measureCeiling(opts, spools);
    const service = await measureService(opts, spools);
    const spoolEvents = [...spools.values()].reduce((n, docs) => n + docs.reduce((m, d) => m + d.events, 0), 0);
    return {
      ceiling,
      service,
      cost,
      spoolEvents,
      network: opts.freshNetwork ? 'fresh (reset, up, both chaincodes deployed by the bench)' : 'reused (--fabric-reuse-network)',
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
