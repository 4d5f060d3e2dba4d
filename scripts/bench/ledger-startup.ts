import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { prepareEvents } from '../../server/features/epcis/prepare-events';
import { EmbeddedLedger } from '../../server/ledger/embedded/embedded-ledger';
import type { VerifyReport } from '../../server/ledger/trace-ledger';
import { chainBatches, chainEnterprises, ChainGenerator, DEFAULT_CHAIN } from './chain-generator';

/**
 * Start-up, verification and storage of the embedded ledger at a given size: records `--events`
 * synthetic chain events straight into a ledger in a temporary folder (no HTTP, no index), closes it,
 * and times open-to-ready on an empty folder and on the recorded one, the fast verify, the deep
 * verify (events/s), and block-file bytes per event against the events' own JSON bytes.
 *
 * Usage: npx tsx scripts/bench/ledger-startup.ts [--events 20000] [--batch 100] [--no-deep] [--keep]
 */

const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t = performance.now();
  const value = await run();
  return { value, ms: performance.now() - t };
}

async function record(ledger: EmbeddedLedger, events: number, batch: number): Promise<number> {
  for (const e of chainEnterprises(DEFAULT_CHAIN))
    await ledger.registerEnterprise({ kind: 'admin' }, { id: e.id, name: e.name, companyPrefixes: [e.prefix] });
  let eventBytes = 0;
  let done = 0;
  const generator = new ChainGenerator(DEFAULT_CHAIN);
  const start = performance.now();
  for (const b of chainBatches(generator, events, batch)) {
    const { events: prepared, errors } = prepareEvents(b.events, undefined);
    if (errors.length > 0) throw new Error(`generated events do not validate: ${errors[0]?.message ?? ''}`);
    const input = prepared.map(({ eventID, event }) => ({ eventID, event }));
    for (const e of input) eventBytes += Buffer.byteLength(JSON.stringify(e.event));
    await ledger.recordEvents({ kind: 'enterprise', enterpriseId: b.recorder }, { events: input });
    done += input.length;
    if (Math.floor(done / 20000) > Math.floor((done - input.length) / 20000))
      process.stdout.write(`  recorded ${done} events (${((done * 1000) / (performance.now() - start)).toFixed(0)} events/s)\n`);
  }
  return eventBytes;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '20000' },
      batch: { type: 'string', default: '100' },
      'no-deep': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
    },
  });
  const events = Number(values.events);
  const batch = Number(values.batch);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'suyuan-ledger-startup-'));
  try {
    const empty = await timed(() => EmbeddedLedger.open({ dir }));
    const eventBytes = await record(empty.value, events, batch);
    await empty.value.close();
    const blockBytes = fs.statSync(path.join(dir, 'blocks.jsonl')).size;
    const reopened = await timed(() => EmbeddedLedger.open({ dir }));
    const ledger = reopened.value;
    const { height } = await ledger.info();
    process.stdout.write(`events ${events}, blocks ${height}\n`);
    process.stdout.write(`open to ready: empty folder ${secs(empty.ms)}, at ${events} events ${secs(reopened.ms)}\n`);
    process.stdout.write(
      `block file: ${blockBytes} bytes, ${(blockBytes / events).toFixed(0)} bytes per event; event JSON ${(eventBytes / events).toFixed(0)} bytes per event; ratio ${(blockBytes / eventBytes).toFixed(2)}\n`,
    );
    const outcome = (r: VerifyReport): string => (r.ok ? 'ok' : `FAILED ${JSON.stringify(r.firstBadBlock)}`);
    const fast = await timed(() => ledger.verify());
    process.stdout.write(`fast verify: ${outcome(fast.value)} in ${secs(fast.ms)} (${fast.value.stateEntries ?? 0} state entries)\n`);
    if (!values['no-deep']) {
      const deep = await timed(() => ledger.verify({ deep: true }));
      const rate = ((deep.value.reexecutedEvents ?? 0) * 1000) / deep.ms;
      process.stdout.write(`deep verify: ${outcome(deep.value)} in ${secs(deep.ms)}, ${rate.toFixed(0)} events/s\n`);
    }
    await ledger.close();
  } finally {
    if (values.keep) process.stdout.write(`kept ${dir}\n`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
