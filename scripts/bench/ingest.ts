import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { chainBatches, chainEnterprises, ChainGenerator, epcisDocument, type ChainOptions } from './chain-generator';
import { createSuyuanClient } from '../../client';
import { apiKeyAnswer, captureAcceptedAnswer, captureJobAnswer, ledgerStatusAnswer } from '../../client/answers';

/** One spooled capture document on disk. */
export interface SpooledDoc {
  readonly file: string;
  readonly recorder: string;
  readonly events: number;
  /** Documents of other recorders that must be on the ledger first (their files). */
  readonly after: readonly string[];
}

/** The chain written to disk before timing starts, so generation never competes with the service. */
export interface Spool {
  readonly docs: SpooledDoc[];
  readonly lots: string[];
  readonly productLots: string[];
  readonly bytes: number;
}

/** Writes `limit` events of the chain as EPCISDocuments of `docSize` events under `dir`. */
export function spoolChain(dir: string, chain: ChainOptions, limit: number, docSize: number, onProgress?: (events: number) => void): Spool {
  fs.mkdirSync(dir, { recursive: true });
  const generator = new ChainGenerator(chain);
  const docs: SpooledDoc[] = [];
  let bytes = 0;
  let events = 0;
  for (const batch of chainBatches(generator, limit, docSize)) {
    const file = path.join(dir, `${String(docs.length).padStart(6, '0')}.json`);
    const text = JSON.stringify(epcisDocument(batch.events));
    fs.writeFileSync(file, text);
    bytes += text.length;
    events += batch.events.length;
    docs.push({ file, recorder: batch.recorder, events: batch.events.length, after: batch.after.map((n) => docs[n]?.file ?? '') });
    onProgress?.(events);
  }
  return { docs, lots: generator.lots, productLots: generator.productLots, bytes };
}

/** Registers the chain's enterprises; answers each one's API key. */
export async function registerChain(base: string, adminKey: string, chain: ChainOptions): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  const admin = createSuyuanClient(base, adminKey);
  for (const e of chainEnterprises(chain)) {
    const body = {
      id: e.id,
      name: e.name,
      companyPrefixes: [e.prefix],
      locations: [{ id: `https://id.gs1.org/414/${e.gln}`, name: e.name, city: e.city, country: 'CN' }],
    };
    const { data, error, response } = await admin.POST('/admin/enterprises', { body });
    if (response.status !== 201) throw new Error(`registering ${e.id}: ${response.status} ${JSON.stringify(error)}`);
    keys.set(e.id, apiKeyAnswer.parse(data).apiKey);
  }
  return keys;
}

/**
 * Runs `work` over the documents with `clients` workers; one recorder's documents go one at a
 * time and in order (as one enterprise's pipeline would send them), different recorders in parallel,
 * and a document only once the documents it depends on (a shipment before its receipt) are done.
 */
export async function perRecorderInOrder(
  docs: readonly SpooledDoc[],
  clients: number,
  work: (doc: SpooledDoc) => Promise<void>,
): Promise<void> {
  const queues = new Map<string, SpooledDoc[]>();
  for (const d of docs) queues.set(d.recorder, [...(queues.get(d.recorder) ?? []), d]);
  const busy = new Set<string>();
  const done = new Set<string>();
  // A document of an earlier call (an earlier round) is done already: only this call's documents are waited for.
  const mine = new Set(docs.map((d) => d.file));
  const ready = (d: SpooledDoc | undefined): d is SpooledDoc =>
    d !== undefined && !busy.has(d.recorder) && d.after.every((f) => done.has(f) || !mine.has(f));
  const next = (): SpooledDoc | undefined => {
    let best: SpooledDoc | undefined;
    for (const q of queues.values()) if (ready(q[0]) && (!best || q[0].file < best.file)) best = q[0];
    if (best) {
      queues.get(best.recorder)?.shift();
      busy.add(best.recorder);
    }
    return best;
  };
  const worker = async (): Promise<void> => {
    for (;;) {
      const doc = next();
      if (!doc) {
        if ([...queues.values()].every((q) => q.length === 0)) return;
        await new Promise((r) => setTimeout(r, 5));
        continue;
      }
      await work(doc).finally(() => {
        busy.delete(doc.recorder);
        done.add(doc.file);
      });
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
}

/** POST /capture, then polls the job until it finished; throws unless every event succeeded. */
export async function captureDoc(base: string, key: string, body: Buffer, pollMs = 20): Promise<void> {
  // The spooled bytes go as they are: the typed client would take a parsed document and serialize it
  // again in this process, a cost the bench would then count against the service.
  const res = await fetch(`${base}/capture`, {
    method: 'POST',
    body,
    headers: { accept: 'application/json', authorization: `Bearer ${key}`, 'content-type': 'application/ld+json' },
  });
  const answer: unknown = await res.json().catch(() => undefined);
  if (res.status !== 202) throw new Error(`POST /capture answered ${res.status}: ${JSON.stringify(answer).slice(0, 500)}`);
  const params = { path: { captureID: captureAcceptedAnswer.parse(answer).captureID } };
  const api = createSuyuanClient(base, key);
  for (;;) {
    const { data, response } = await api.GET('/capture/{captureID}', { params });
    if (response.status !== 200) throw new Error(`GET /capture answered ${response.status}`);
    const job = captureJobAnswer.parse(data);
    if (!job.running) {
      if (!job.success) throw new Error(`capture failed: ${JSON.stringify(job.errors).slice(0, 500)}`);
      return;
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Whether the index has caught up with the ledger (`GET /ledger`). */
export async function indexCaughtUp(base: string): Promise<boolean> {
  const { data } = await createSuyuanClient(base).GET('/ledger');
  return ledgerStatusAnswer.parse(data).index.caughtUp;
}

/** Captures the documents through the service; seconds until every job succeeded and the index caught up. */
export async function ingestThroughService(
  base: string,
  keys: ReadonlyMap<string, string>,
  docs: readonly SpooledDoc[],
  clients: number,
  onDoc?: (doc: SpooledDoc) => void,
): Promise<number> {
  const t0 = performance.now();
  await perRecorderInOrder(docs, clients, async (doc) => {
    await captureDoc(base, keys.get(doc.recorder) ?? '', fs.readFileSync(doc.file));
    onDoc?.(doc);
  });
  while (!(await indexCaughtUp(base))) await new Promise((r) => setTimeout(r, 20));
  return (performance.now() - t0) / 1000;
}

/** The ceiling: the same event JSON, multi-row INSERTs of `rowsPerStatement` into `(id text primary key, doc jsonb)`. */
export class RawInsertBaseline {
  readonly #pool: pg.Pool;

  constructor(url: string, clients: number) {
    this.#pool = new pg.Pool({ connectionString: url, max: clients });
  }

  async prepare(): Promise<void> {
    await this.#pool.query('CREATE TABLE IF NOT EXISTS bench_raw_events (id text PRIMARY KEY, doc jsonb NOT NULL)');
  }

  async #insert(doc: SpooledDoc, rowsPerStatement: number): Promise<void> {
    const events = (JSON.parse(fs.readFileSync(doc.file, 'utf8')) as { epcisBody: { eventList: Array<{ eventID: string }> } }).epcisBody
      .eventList;
    for (let i = 0; i < events.length; i += rowsPerStatement) {
      const rows = events.slice(i, i + rowsPerStatement);
      const values = rows.map((_, j) => `($${2 * j + 1}, $${2 * j + 2})`).join(', ');
      await this.#pool.query(
        `INSERT INTO bench_raw_events (id, doc) VALUES ${values}`,
        rows.flatMap((e) => [e.eventID, JSON.stringify(e)]),
      );
    }
  }

  /** Seconds to insert every event of `docs` with `clients` statements in flight. */
  async run(docs: readonly SpooledDoc[], clients: number, rowsPerStatement = 1000): Promise<number> {
    const t0 = performance.now();
    await perRecorderInOrder(docs, clients, (doc) => this.#insert(doc, rowsPerStatement));
    return (performance.now() - t0) / 1000;
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}

/** Sum (seconds) and count of `suyuan_capture_stage_seconds` per stage, read from the service's `GET /metrics`. */
export type StageTotals = Readonly<Record<'ledger' | 'index', { readonly sum: number; readonly count: number }>>;

export async function captureStages(base: string): Promise<StageTotals> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const read = (stage: string, part: 'sum' | 'count'): number =>
    Number(new RegExp(`^suyuan_capture_stage_seconds_${part}\\{stage="${stage}"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return {
    ledger: { sum: read('ledger', 'sum'), count: read('ledger', 'count') },
    index: { sum: read('index', 'sum'), count: read('index', 'count') },
  };
}

/** Milliseconds spent in each stage, summed over the capture transactions between two readings, per 1,000 of `events`. */
export function stageMsPer1000(before: StageTotals, after: StageTotals, events: number): { ledger: number; index: number } {
  const per1000 = (s: 'ledger' | 'index'): number => ((after[s].sum - before[s].sum) * 1000 * 1000) / Math.max(1, events);
  return { ledger: per1000('ledger'), index: per1000('index') };
}
