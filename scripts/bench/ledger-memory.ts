import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prepareEvents } from '../../server/features/epcis/prepare-events';
import { EmbeddedLedger } from '../../server/ledger/embedded/embedded-ledger';
import { chainBatches, chainEnterprises, ChainGenerator, DEFAULT_CHAIN } from './chain-generator';

/**
 * Memory of the embedded ledger as it grows: records the synthetic chain's events through the ledger
 * port (no HTTP, no index) into a temporary folder and prints the process's memory every `every`
 * events, then the cost of a history read, and memory after a reopen (which replays every block) and
 * after a verify.
 *
 * Usage: node --expose-gc --import tsx scripts/bench/ledger-memory.ts [events=20000] [batch=100] [every=5000]
 * With --expose-gc each line is taken after a full collection, so heap figures are what is retained.
 */

const MiB = (n: number): string => (n / 1048576).toFixed(0).padStart(5);

function procStatus(field: string): number {
  const line = fs
    .readFileSync('/proc/self/status', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  return line ? Number(/(\d+)/.exec(line)?.[1] ?? 0) * 1024 : 0;
}

// Bytes allocated on disk under `dir` whose path (relative to `dir`) passes `only`.
function diskBytes(dir: string, only: (relative: string) => boolean): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && only(path.relative(dir, file))) total += fs.statSync(file).blocks * 512;
  }
  return total;
}

function report(label: string, dir: string): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const m = process.memoryUsage();
  const cols = [
    `rss ${MiB(m.rss)}`,
    `anon ${MiB(procStatus('RssAnon'))}`,
    `file ${MiB(procStatus('RssFile'))}`,
    `heapUsed ${MiB(m.heapUsed)}`,
    `heapTotal ${MiB(m.heapTotal)}`,
    `external ${MiB(m.external)}`,
    `blocks ${MiB(diskBytes(dir, (f) => f === 'blocks.jsonl'))}`,
    `state ${MiB(diskBytes(dir, (f) => f.startsWith('state-')))}`,
  ];
  process.stdout.write(`${label.padEnd(22)} ${cols.join('  ')}  MiB\n`);
}

async function record(ledger: EmbeddedLedger, dir: string, events: number, batch: number, every: number): Promise<string[]> {
  for (const e of chainEnterprises(DEFAULT_CHAIN))
    await ledger.registerEnterprise({ kind: 'admin' }, { id: e.id, name: e.name, companyPrefixes: [e.prefix] });
  report('0 events', dir);
  let done = 0;
  let next = every;
  const generator = new ChainGenerator(DEFAULT_CHAIN);
  const start = performance.now();
  for (const b of chainBatches(generator, events, batch)) {
    const { events: prepared, errors } = prepareEvents(b.events, undefined);
    if (errors.length > 0) throw new Error(`generated events do not validate: ${errors[0]?.message ?? ''}`);
    await ledger.recordEvents(
      { kind: 'enterprise', enterpriseId: b.recorder },
      { events: prepared.map(({ eventID, event }) => ({ eventID, event })) },
    );
    done += b.events.length;
    if (done >= next) {
      report(`${done} events (${((performance.now() - start) / 1000).toFixed(1)} s)`, dir);
      next += every;
    }
  }
  return generator.lots;
}

// An object read is one world-state lookup: its cost should not grow with the ledger.
async function timeObjectReads(ledger: EmbeddedLedger, lots: readonly string[], reads: number): Promise<void> {
  const t = performance.now();
  let found = 0;
  for (let i = 0; i < reads; i++) {
    const id = lots[Math.floor((i * lots.length) / reads)] ?? '';
    found += (await ledger.evaluate({ kind: 'admin' }, 'GetObject', { id })).id === id ? 1 : 0;
  }
  process.stdout.write(`GetObject: ${((performance.now() - t) / reads).toFixed(2)} ms a read over ${reads} reads (${found} found)\n`);
}

async function main(): Promise<void> {
  const [events = 20000, batch = 100, every = 5000] = process.argv.slice(2).map(Number);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'suyuan-ledger-memory-'));
  try {
    const ledger = await EmbeddedLedger.open({ dir });
    const lots = await record(ledger, dir, events, batch, every);
    await timeObjectReads(ledger, lots, 200);
    await ledger.close();
    let t = performance.now();
    const reopened = await EmbeddedLedger.open({ dir });
    report(`reopened (${((performance.now() - t) / 1000).toFixed(1)} s)`, dir);
    t = performance.now();
    const verified = await reopened.verify();
    report(`verified ${verified.ok ? 'ok' : 'FAILED'} (${((performance.now() - t) / 1000).toFixed(1)} s)`, dir);
    await reopened.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
