import fs from 'node:fs';
import path from 'node:path';
import { ChainGenerator, epcisDocument, idsOf, type ChainOptions } from './chain-generator';
import type { SpooledDoc } from './ingest';

type Json = Record<string, unknown>;

interface Chunk {
  readonly recorder: string;
  readonly events: Json[];
  readonly needs: Set<Chunk>;
  readonly first: number;
}

/**
 * Groups `limit` events of the chain into full documents of `size` events per recorder, in each
 * recorder's order, and orders the documents so that each comes after the other recorders' documents
 * holding an earlier event on one of its identifiers (a shipment before its receipt). Unlike
 * `chainBatches`, a document is never cut short because another recorder needs part of it, so the
 * documents really hold `size` events (the last of each recorder may hold fewer). The chain flows one
 * way (farm → processor → distributor → retailer), so the dependencies never form a cycle.
 */
function fullChunks(chain: ChainOptions, limit: number, size: number): Chunk[] {
  const open = new Map<string, Chunk>();
  const lastTouch = new Map<string, Chunk>();
  const all: Chunk[] = [];
  let n = 0;
  for (const { recorder, event } of new ChainGenerator(chain).events(limit)) {
    let chunk = open.get(recorder);
    if (!chunk || chunk.events.length >= size) {
      const previous = chunk;
      chunk = { recorder, events: [], needs: new Set(previous ? [previous] : []), first: n };
      open.set(recorder, chunk);
      all.push(chunk);
    }
    for (const id of idsOf(event)) {
      const before = lastTouch.get(id);
      if (before && before !== chunk) chunk.needs.add(before);
      lastTouch.set(id, chunk);
    }
    chunk.events.push(event);
    n += 1;
  }
  return all;
}

function topological(chunks: readonly Chunk[]): Chunk[] {
  const out: Chunk[] = [];
  const placed = new Set<Chunk>();
  const visiting = new Set<Chunk>();
  const visit = (c: Chunk): void => {
    if (placed.has(c)) return;
    if (visiting.has(c)) throw new Error(`the chain's documents depend on each other in a cycle (at ${c.recorder})`);
    visiting.add(c);
    for (const need of [...c.needs].sort((a, b) => a.first - b.first)) visit(need);
    visiting.delete(c);
    placed.add(c);
    out.push(c);
  };
  for (const c of chunks) visit(c);
  return out;
}

/** Writes the chain's full documents under `dir` in an order the write rules accept. */
export function spoolFullDocuments(dir: string, chain: ChainOptions, limit: number, size: number): SpooledDoc[] {
  fs.mkdirSync(dir, { recursive: true });
  const files = new Map<Chunk, string>();
  return topological(fullChunks(chain, limit, size)).map((chunk, i) => {
    const file = path.join(dir, `${String(i).padStart(6, '0')}.json`);
    fs.writeFileSync(file, JSON.stringify(epcisDocument(chunk.events)));
    files.set(chunk, file);
    const after = [...chunk.needs].filter((c) => c.recorder !== chunk.recorder).map((c) => files.get(c) ?? '');
    return { file, recorder: chunk.recorder, events: chunk.events.length, after };
  });
}
