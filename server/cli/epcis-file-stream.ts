import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { chain } from 'stream-chain';
import { parser } from 'stream-json';
import { pick } from 'stream-json/filters/Pick';
import { streamArray } from 'stream-json/streamers/StreamArray';
import { streamValues } from 'stream-json/streamers/StreamValues';

/** EPCIS files under `target` (a file, or every .json/.jsonld/.jsonl/.ndjson in a folder, sorted). */
export function epcisFiles(target: string): string[] {
  if (!fs.statSync(target).isDirectory()) return [target];
  return fs
    .readdirSync(target)
    .filter((f) => /\.(json|jsonld|jsonl|ndjson)$/.test(f))
    .sort()
    .map((f) => path.join(target, f));
}

/** The document-level @context of an EPCISDocument file, read without loading the events. */
export async function documentContext(file: string): Promise<unknown> {
  if (/\.(jsonl|ndjson)$/.test(file)) return undefined;
  const pipeline = chain([fs.createReadStream(file), parser(), pick({ filter: '@context' }), streamValues()]);
  for await (const item of pipeline as AsyncIterable<{ value: unknown }>) {
    pipeline.destroy();
    return item.value;
  }
  return undefined;
}

/** Streams the events of one file: `epcisBody.eventList` of a document, or one event per line. */
export async function* fileEvents(file: string, onBytes: (n: number) => void): AsyncGenerator<unknown> {
  const input = fs.createReadStream(file);
  input.on('data', (chunk) => onBytes(chunk.length));
  if (/\.(jsonl|ndjson)$/.test(file)) {
    for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) if (line.trim()) yield JSON.parse(line) as unknown;
    return;
  }
  const pipeline = chain([input, parser(), pick({ filter: 'epcisBody.eventList' }), streamArray()]);
  for await (const item of pipeline as AsyncIterable<{ value: unknown }>) yield item.value;
}
