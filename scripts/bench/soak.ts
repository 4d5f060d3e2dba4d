import { chainBatches, ChainGenerator, epcisDocument, prng, type ChainOptions } from './chain-generator';
import { captureDoc, perRecorderInOrder, type SpooledDoc } from './ingest';
import { memoryOf } from './service-child';
import { createSuyuanClient } from '../../client';

/** What a sustained mixed load did and what it cost in memory. */
export interface SoakResult {
  readonly seconds: number;
  readonly capturedEvents: number;
  readonly traces: number;
  readonly pages: number;
  readonly errors: number;
  readonly errorSamples: string[];
  /** Service RSS (MiB) at start, half-time and end, and the high-water mark. */
  readonly rss: { readonly start: number; readonly middle: number; readonly end: number; readonly peak: number };
  /** Private resident memory (RssAnon, MiB) at start, half-time and end. */
  readonly anon: { readonly start: number; readonly middle: number; readonly end: number };
  /** Least-squares slope of RssAnon over the second half, MiB per minute, from samples every 2 s. */
  readonly anonSlopeMiBPerMin: number;
  /** Highest RssAnon sample (MiB) in the first and in the second half. */
  readonly anonPeaks: readonly [number, number];
}

/** Least-squares slope of y over x. */
function slope(points: ReadonlyArray<readonly [number, number]>): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

/** Inputs of a soak: the running service and what the earlier phases left in it. */
export interface SoakOptions {
  readonly base: string;
  readonly pid: number;
  readonly keys: ReadonlyMap<string, string>;
  readonly regulatorKey: string;
  readonly lots: readonly string[];
  readonly productLots: readonly string[];
  readonly chain: ChainOptions;
  readonly seconds: number;
}

class Tally {
  count = 0;
  errors = 0;
  readonly samples: string[] = [];

  fail(err: unknown): void {
    this.errors += 1;
    if (this.samples.length < 5) this.samples.push(err instanceof Error ? err.message : String(err));
  }
}

// A resolver page by the path of a lot's Digital Link URI, HTML or JSON by Accept, as a phone asks for it.
async function get(url: string, accept: string): Promise<void> {
  const res = await fetch(url, { headers: { accept } });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
}

async function loop(deadline: number, tally: Tally, step: () => Promise<void>): Promise<void> {
  while (Date.now() < deadline) {
    try {
      await step();
      tally.count += 1;
    } catch (err) {
      tally.fail(err);
    }
  }
}

interface Prepared {
  readonly spooled: SpooledDoc[];
  readonly bodies: Map<string, Buffer>;
}

// More events than two clients can capture in the time, generated before the clock starts.
function prepareCaptures(o: SoakOptions): Prepared {
  const docs = [...chainBatches(new ChainGenerator({ ...o.chain, seed: o.chain.seed + 1, tag: 'S' }), o.seconds * 1000, 100)];
  const bodies = new Map<string, Buffer>();
  const spooled: SpooledDoc[] = docs.map((d, i) => {
    const file = String(i).padStart(6, '0');
    bodies.set(file, Buffer.from(JSON.stringify(epcisDocument(d.events))));
    return { file, recorder: d.recorder, events: d.events.length, after: d.after.map((n) => String(n).padStart(6, '0')) };
  });
  return { spooled, bodies };
}

async function captures(o: SoakOptions, { spooled, bodies }: Prepared, deadline: number, tally: Tally): Promise<number> {
  let events = 0;
  await perRecorderInOrder(spooled, 2, async (doc) => {
    if (Date.now() >= deadline) return;
    try {
      await captureDoc(o.base, o.keys.get(doc.recorder) ?? '', bodies.get(doc.file) ?? Buffer.alloc(0), 50);
      events += doc.events;
      tally.count += 1;
    } catch (err) {
      tally.fail(err);
    }
  });
  return events;
}

/** Captures (100-event documents, 2 clients), traces (1 client) and QR pages and JSON (6 clients) at once. */
export async function soak(o: SoakOptions): Promise<SoakResult> {
  const rand = prng(o.chain.seed + 2);
  const pick = (list: readonly string[]): string => list[Math.floor(rand() * list.length)] ?? '';
  const prepared = prepareCaptures(o);
  const start = memoryOf(o.pid);
  const t0 = Date.now();
  const deadline = t0 + o.seconds * 1000;
  let middle = start;
  const half = setTimeout(() => (middle = memoryOf(o.pid)), (o.seconds * 1000) / 2);
  const samples: Array<readonly [number, number]> = [];
  const sampler = setInterval(() => samples.push([(Date.now() - t0) / 60000, memoryOf(o.pid).anonMiB]), 2000);
  const [capture, trace, qr] = [new Tally(), new Tally(), new Tally()];
  const tracer = createSuyuanClient(o.base, o.regulatorKey);
  const traceStep = async (): Promise<void> => {
    const query = { id: pick(o.lots), direction: rand() < 0.5 ? ('forward' as const) : ('backward' as const), maxDepth: 12 };
    const { response } = await tracer.GET('/trace', { params: { query } });
    if (response.status !== 200) throw new Error(`GET /trace answered ${response.status}`);
  };
  const qrStep = (): Promise<void> =>
    get(`${o.base}${new URL(pick(o.productLots)).pathname}`, rand() < 0.5 ? 'text/html' : 'application/json');
  const [capturedEvents] = await Promise.all([
    captures(o, prepared, deadline, capture),
    loop(deadline, trace, traceStep),
    ...Array.from({ length: 6 }, () => loop(deadline, qr, qrStep)),
  ]);
  clearTimeout(half);
  clearInterval(sampler);
  const end = memoryOf(o.pid);
  return {
    seconds: o.seconds,
    capturedEvents,
    traces: trace.count,
    pages: qr.count,
    errors: capture.errors + trace.errors + qr.errors,
    errorSamples: [...capture.samples, ...trace.samples, ...qr.samples],
    rss: { start: start.rssMiB, middle: middle.rssMiB, end: end.rssMiB, peak: end.hwmMiB },
    anon: { start: start.anonMiB, middle: middle.anonMiB, end: end.anonMiB },
    anonSlopeMiBPerMin: slope(samples.filter(([minutes]) => minutes >= o.seconds / 120)),
    anonPeaks: [
      Math.max(0, ...samples.filter(([m]) => m < o.seconds / 120).map(([, y]) => y)),
      Math.max(0, ...samples.filter(([m]) => m >= o.seconds / 120).map(([, y]) => y)),
    ],
  };
}
