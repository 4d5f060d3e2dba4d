import pg from 'pg';
import { prng } from './chain-generator';
import { createSuyuanClient } from '../../client';
import { traceAnswer } from '../../client/answers';

/** Edge types the service's walk follows (server/features/trace/trace-queries.ts, WALKED). */
const WALKED = ['transformed_into', 'packed_into'];

export type Direction = 'forward' | 'backward';

/** One timed trace: latency in ms and how many nodes it reached. */
export interface TraceSample {
  readonly ms: number;
  readonly nodes: number;
}

/** Picks `n` distinct lots with a seeded PRNG. */
export function sampleLots(lots: readonly string[], n: number, seed: number): string[] {
  const rand = prng(seed);
  const out = new Set<string>();
  while (out.size < Math.min(n, lots.length)) out.add(lots[Math.floor(rand() * lots.length)] ?? '');
  return [...out];
}

/** `GET /trace` for each lot, one request at a time, as a regulator. */
export async function traceThroughService(
  base: string,
  key: string,
  lots: readonly string[],
  direction: Direction,
  maxDepth: number,
): Promise<TraceSample[]> {
  const out: TraceSample[] = [];
  const api = createSuyuanClient(base, key);
  for (const lot of lots) {
    const t0 = performance.now();
    const { data, error, response } = await api.GET('/trace', { params: { query: { id: lot, direction, maxDepth } } });
    const ms = performance.now() - t0;
    if (response.status !== 200) throw new Error(`GET /trace ${lot}: ${response.status} ${JSON.stringify(error).slice(0, 300)}`);
    out.push({ ms, nodes: traceAnswer.parse(data).nodes.length });
  }
  return out;
}

/**
 * The ceiling: the lineage edges held in this process as adjacency lists, walked breadth-first with
 * the service's rules (walked edge types, depth bound, edges of error-declared events left out).
 */
export class InMemoryLineage {
  readonly #next: Record<Direction, Map<string, string[]>> = { forward: new Map(), backward: new Map() };
  edges = 0;

  static async load(url: string): Promise<InMemoryLineage> {
    const g = new InMemoryLineage();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const res = await client.query<{ from_id: string; to_id: string }>(
        `SELECT le.from_id, le.to_id FROM v_lineage_edges le WHERE le.type = ANY($1::text[])
         AND NOT EXISTS (SELECT 1 FROM events ev WHERE ev.seq = le.event_seq AND ev.error_declaration IS NOT NULL)`,
        [WALKED],
      );
      for (const row of res.rows) g.#add(row.from_id, row.to_id);
    } finally {
      await client.end();
    }
    return g;
  }

  #add(from: string, to: string): void {
    const push = (m: Map<string, string[]>, a: string, b: string): void => {
      const list = m.get(a);
      if (list) list.push(b);
      else m.set(a, [b]);
    };
    push(this.#next.forward, from, to);
    push(this.#next.backward, to, from);
    this.edges += 1;
  }

  /** Every node reached from `start` within `maxDepth` steps (the start included). */
  closure(start: string, direction: Direction, maxDepth: number): Set<string> {
    const next = this.#next[direction];
    const seen = new Set([start]);
    let frontier = [start];
    for (let depth = 0; depth < maxDepth && frontier.length > 0; depth++) {
      const after: string[] = [];
      for (const id of frontier) {
        for (const n of next.get(id) ?? []) {
          if (seen.has(n)) continue;
          seen.add(n);
          after.push(n);
        }
      }
      frontier = after;
    }
    return seen;
  }

  /** Times the closure of each lot. */
  time(lots: readonly string[], direction: Direction, maxDepth: number): TraceSample[] {
    return lots.map((lot) => {
      const t0 = performance.now();
      const nodes = this.closure(lot, direction, maxDepth).size;
      return { ms: performance.now() - t0, nodes };
    });
  }
}
