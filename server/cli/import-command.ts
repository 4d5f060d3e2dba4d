import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import type { z } from 'zod';
import { createSuyuanClient, type SuyuanClient } from '../../client';
import { captureAcceptedAnswer, captureJobAnswer, problemAnswer } from '../../client/answers';
import { documentContext, epcisFiles, fileEvents } from './epcis-file-stream';

interface Totals {
  accepted: number;
  rejected: number;
  documents: number;
  failures: string[];
}

interface Target {
  readonly client: SuyuanClient;
  readonly behaviour: string;
}

type JsonObject = Record<string, unknown>;

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function waitForJob(target: Target, captureID: string): Promise<z.infer<typeof captureJobAnswer>> {
  for (;;) {
    const { data } = await target.client.GET('/capture/{captureID}', { params: { path: { captureID } } });
    const job = captureJobAnswer.parse(data);
    if (!job.running) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function sendChunk(target: Target, context: unknown, events: JsonObject[], totals: Totals): Promise<void> {
  const body = {
    '@context': context ?? ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
    type: 'EPCISDocument' as const,
    schemaVersion: '2.0',
    creationDate: new Date().toISOString(),
    epcisBody: { eventList: events },
  };
  const headers = { 'content-type': 'application/ld+json', 'GS1-Capture-Error-Behaviour': target.behaviour };
  const { data, error, response } = await target.client.POST('/capture', { body, headers });
  totals.documents += 1;
  if (response.status !== 202) {
    totals.rejected += events.length;
    totals.failures.push(`HTTP ${response.status}: ${problemAnswer.safeParse(error).data?.detail ?? ''}`);
    return;
  }
  const job = await waitForJob(target, captureAcceptedAnswer.parse(data).captureID);
  const bad = new Set(job.errors.map((e) => e.index)).size;
  const rejected = job.success ? 0 : target.behaviour === 'proceed' ? bad : events.length;
  totals.accepted += events.length - rejected;
  totals.rejected += rejected;
  for (const e of job.errors.slice(0, 3)) totals.failures.push(`event ${e.index}: ${e.message}`);
}

function importArgs(args: string[]): { source: string; values: Record<'url' | 'key' | 'chunk' | 'concurrency' | 'behaviour', string> } {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      url: { type: 'string', default: process.env.SUYUAN_URL ?? 'http://localhost:3000' },
      key: { type: 'string', default: process.env.SUYUAN_API_KEY ?? '' },
      chunk: { type: 'string', default: '1000' },
      concurrency: { type: 'string', default: '2' },
      behaviour: { type: 'string', default: 'proceed' },
    },
  });
  const source = positionals[0];
  if (!source || !values.key)
    throw new Error('usage: import <file|folder> --key <enterprise API key> [--url http://localhost:3000] [--chunk 1000]');
  return { source, values };
}

interface Run {
  readonly target: Target;
  readonly totals: Totals;
  readonly chunkSize: number;
  readonly concurrency: number;
  readonly bar: SingleBar;
  readonly inFlight: Set<Promise<void>>;
  seen: number;
}

async function importFile(run: Run, file: string): Promise<void> {
  const context = await documentContext(file);
  let chunk: JsonObject[] = [];
  const flush = async (): Promise<void> => {
    const p = sendChunk(run.target, context, chunk, run.totals).finally(() => run.inFlight.delete(p));
    run.inFlight.add(p);
    chunk = [];
    if (run.inFlight.size >= run.concurrency) await Promise.race(run.inFlight);
  };
  for await (const event of fileEvents(file, (n) => run.bar.increment(n, { events: run.seen }))) {
    run.seen += 1;
    // An EPCIS event is a JSON object; anything else could not be captured, so it is counted here.
    if (!isJsonObject(event)) {
      run.totals.rejected += 1;
      run.totals.failures.push(`${file}: item ${run.seen} is not a JSON object`);
      continue;
    }
    chunk.push(event);
    if (chunk.length >= run.chunkSize) await flush();
  }
  if (chunk.length > 0) await flush();
}

/** `import <file|folder> [--url] [--key] [--chunk 1000] [--concurrency 2] [--behaviour rollback|proceed]` */
export async function importCommand(args: string[]): Promise<number> {
  const { source, values } = importArgs(args);
  const files = epcisFiles(source);
  const totals: Totals = { accepted: 0, rejected: 0, documents: 0, failures: [] };
  const bar = new SingleBar(
    { format: 'importing |{bar}| {percentage}% | {events} events | {eta_formatted} left', hideCursor: true },
    Presets.shades_classic,
  );
  const target: Target = { client: createSuyuanClient(values.url, values.key), behaviour: values.behaviour };
  const run: Run = {
    target,
    totals,
    chunkSize: Number(values.chunk),
    concurrency: Number(values.concurrency),
    bar,
    inFlight: new Set(),
    seen: 0,
  };
  bar.start(
    files.reduce((n, f) => n + fs.statSync(f).size, 0),
    0,
    { events: 0 },
  );
  for (const file of files) await importFile(run, file);
  await Promise.all(run.inFlight);
  bar.update({ events: run.seen });
  bar.stop();
  process.stdout.write(
    `\nImported ${files.length} file(s) in ${totals.documents} capture(s): ${totals.accepted} accepted, ${totals.rejected} rejected\n`,
  );
  for (const f of totals.failures.slice(0, 20)) process.stdout.write(`  - ${f}\n`);
  return totals.rejected === 0 ? 0 : 1;
}
