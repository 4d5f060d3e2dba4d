import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { TraceLedger } from '../../server/ledger/trace-ledger';
import { captureDoc, indexCaughtUp, type SpooledDoc } from './ingest';

/** What one cell of the matrix (clients × events per document) measured. */
export interface LoadFigures {
  readonly clients: number;
  readonly docSize: number;
  readonly seconds: number;
  readonly events: number;
  readonly docs: number;
  readonly failedDocs: number;
  /** The first failure's message, to say what failed. */
  readonly firstFailure?: string;
}

export const eventsPerSecond = (f: LoadFigures): number => (f.seconds > 0 ? f.events / f.seconds : 0);

interface Tally {
  events: number;
  docs: number;
  failedDocs: number;
  firstFailure?: string;
}

function settle(t: Tally, doc: SpooledDoc, err: unknown): void {
  if (err === undefined) {
    t.events += doc.events;
    t.docs += 1;
    return;
  }
  t.failedDocs += 1;
  t.firstFailure ??= err instanceof Error ? err.message.slice(0, 300) : JSON.stringify(err);
}

/**
 * Takes documents from the front of `queue` for `seconds` with `clients` workers, as an enterprise
 * pipeline would send them: one recorder's documents one at a time and in order, and a document only
 * once the documents it depends on are done. Documents not started by the deadline stay in `queue`
 * for the next cell; the time runs until the last started one has finished.
 */
async function timeBoxed(
  queue: SpooledDoc[],
  clients: number,
  seconds: number,
  work: (doc: SpooledDoc) => Promise<void>,
): Promise<Tally & { seconds: number }> {
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  const busy = new Set<string>();
  const done = new Set<string>();
  const pending = new Set(queue.map((d) => d.file));
  const tally: Tally = { events: 0, docs: 0, failedDocs: 0 };
  const next = (): SpooledDoc | undefined => {
    const blocked = new Set<string>();
    for (let i = 0; i < queue.length && i < 2000; i++) {
      const d = queue[i] as SpooledDoc;
      if (busy.has(d.recorder) || blocked.has(d.recorder)) continue;
      blocked.add(d.recorder);
      if (d.after.some((f) => pending.has(f) && !done.has(f))) continue;
      queue.splice(i, 1);
      busy.add(d.recorder);
      return d;
    }
    return undefined;
  };
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline && queue.length > 0) {
      const doc = next();
      if (!doc) {
        await new Promise((r) => setTimeout(r, 5));
        continue;
      }
      let failure: unknown;
      await work(doc).catch((err: unknown) => (failure = err ?? new Error('failed')));
      settle(tally, doc, failure);
      done.add(doc.file);
      busy.delete(doc.recorder);
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
  return { ...tally, seconds: (performance.now() - t0) / 1000 };
}

/** Documents through the service (`POST /capture`, each job polled to success), then until the index caught up. */
export async function serviceCell(
  base: string,
  keys: ReadonlyMap<string, string>,
  queue: SpooledDoc[],
  clients: number,
  docSize: number,
  seconds: number,
): Promise<LoadFigures> {
  const t0 = performance.now();
  const tally = await timeBoxed(queue, clients, seconds, (doc) =>
    captureDoc(base, keys.get(doc.recorder) ?? '', fs.readFileSync(doc.file)),
  );
  while (!(await indexCaughtUp(base))) await new Promise((r) => setTimeout(r, 50));
  return { clients, docSize, ...tally, seconds: (performance.now() - t0) / 1000 };
}

interface DocumentBody {
  readonly epcisBody: { readonly eventList: ReadonlyArray<Record<string, unknown> & { readonly eventID: string }> };
}

/** The same documents straight to the ceiling chaincode's RecordEvents through the same gateway client, cycling when used up. */
export async function ceilingCell(
  ceiling: TraceLedger,
  docs: readonly SpooledDoc[],
  clients: number,
  docSize: number,
  seconds: number,
): Promise<LoadFigures> {
  // Order and dependencies do not matter to a chaincode without rules: cycle through the spool.
  const queue: SpooledDoc[] = [];
  while (queue.length < clients * 4 * Math.ceil(seconds) && docs.length > 0) queue.push(...docs.map((d) => ({ ...d, after: [] })));
  const tally = await timeBoxed(queue, clients, seconds, async (doc) => {
    const body = JSON.parse(fs.readFileSync(doc.file, 'utf8')) as DocumentBody;
    const events = body.epcisBody.eventList.map((event) => ({ eventID: event.eventID, event }));
    await ceiling.submit({ kind: 'enterprise', enterpriseId: doc.recorder }, 'RecordEvents', { events });
  });
  return { clients, docSize, ...tally };
}
