import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import { documentContext, epcisFiles, fileEvents } from './epcis-file-stream';

interface Totals {
  accepted: number;
  rejected: number;
  documents: number;
  failures: string[];
}

interface Target {
  readonly url: string;
  readonly key: string;
  readonly behaviour: string;
}

async function waitForJob(target: Target, location: string): Promise<{ success: boolean; errors: Array<{ message: string; index: number }> }> {
  for (;;) {
    const res = await fetch(new URL(location, target.url), { headers: { authorization: `Bearer ${target.key}` } });
    const job = (await res.json()) as { running: boolean; success: boolean; errors: Array<{ message: string; index: number }> };
    if (!job.running) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function sendChunk(target: Target, context: unknown, events: unknown[], totals: Totals): Promise<void> {
  const body = JSON.stringify({ '@context': context ?? ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'], type: 'EPCISDocument', schemaVersion: '2.0', creationDate: new Date().toISOString(), epcisBody: { eventList: events } });
  const res = await fetch(new URL('/capture', target.url), { method: 'POST', body, headers: { 'content-type': 'application/ld+json', authorization: `Bearer ${target.key}`, 'GS1-Capture-Error-Behaviour': target.behaviour } });
  totals.documents += 1;
  if (res.status !== 202) {
    const problem = (await res.json().catch(() => ({}))) as { detail?: string; errors?: unknown[] };
    totals.rejected += events.length;
    totals.failures.push(`HTTP ${res.status}: ${problem.detail ?? ''}`);
    return;
  }
  const job = await waitForJob(target, res.headers.get('location') ?? '');
  const bad = new Set(job.errors.map((e) => e.index)).size;
  const rejected = job.success ? 0 : target.behaviour === 'proceed' ? bad : events.length;
  totals.accepted += events.length - rejected;
  totals.rejected += rejected;
  for (const e of job.errors.slice(0, 3)) totals.failures.push(`event ${e.index}: ${e.message}`);
}

function importArgs(args: string[]): { source: string; values: Record<'url' | 'key' | 'chunk' | 'concurrency' | 'behaviour', string> } {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { url: { type: 'string', default: process.env.SUYUAN_URL ?? 'http://localhost:3000' }, key: { type: 'string', default: process.env.SUYUAN_API_KEY ?? '' }, chunk: { type: 'string', default: '1000' }, concurrency: { type: 'string', default: '2' }, behaviour: { type: 'string', default: 'proceed' } } });
  const source = positionals[0];
  if (!source || !values.key) throw new Error('usage: import <file|folder> --key <enterprise API key> [--url http://localhost:3000] [--chunk 1000]');
  return { source, values };
}

/** `import <file|folder> [--url] [--key] [--chunk 1000] [--concurrency 2] [--behaviour rollback|proceed]` */
export async function importCommand(args: string[]): Promise<number> {
  const { source, values } = importArgs(args);
  const files = epcisFiles(source);
  const target: Target = { url: values.url, key: values.key, behaviour: values.behaviour };
  const totals: Totals = { accepted: 0, rejected: 0, documents: 0, failures: [] };
  const bar = new SingleBar({ format: 'importing |{bar}| {percentage}% | {events} events | {eta_formatted} left', hideCursor: true }, Presets.shades_classic);
  bar.start(files.reduce((n, f) => n + fs.statSync(f).size, 0), 0, { events: 0 });
  const inFlight = new Set<Promise<void>>();
  let seen = 0;
  for (const file of files) {
    const context = await documentContext(file);
    let chunk: unknown[] = [];
    const flush = async (): Promise<void> => {
      const p = sendChunk(target, context, chunk, totals).finally(() => inFlight.delete(p));
      inFlight.add(p);
      chunk = [];
      if (inFlight.size >= Number(values.concurrency)) await Promise.race(inFlight);
    };
    for await (const event of fileEvents(file, (n) => bar.increment(n, { events: seen }))) {
      chunk.push(event);
      seen += 1;
      if (chunk.length >= Number(values.chunk)) await flush();
    }
    if (chunk.length > 0) await flush();
  }
  await Promise.all(inFlight);
  bar.update({ events: seen });
  bar.stop();
  process.stdout.write(`\nImported ${files.length} file(s) in ${totals.documents} capture(s): ${totals.accepted} accepted, ${totals.rejected} rejected\n`);
  for (const f of totals.failures.slice(0, 20)) process.stdout.write(`  - ${f}\n`);
  return totals.rejected === 0 ? 0 : 1;
}
