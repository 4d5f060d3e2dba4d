import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { decodeString } from './state-codec';
import { LANES, StateHash } from './state-hash';

/**
 * Sums the state-hash lanes of many entries on worker threads. Expanding one entry to its lanes (SHA-256,
 * then SHAKE-256 to 2 KiB) is most of what checking the state store costs, and the sum does not depend on
 * the order, so the reader (who alone holds the LMDB snapshot) packs entries into buffers and each worker
 * folds the ones it is given into its own partial sum; the partial sums are added at the end.
 *
 * The worker is plain CommonJS evaluated in place (as the QR worker is), so it runs the same under tsx,
 * the compiled build and jest. What it computes must stay the lanes of `StateHash.add`: a test holds the two
 * to the same sums.
 */
const WORKER_SOURCE = `
const crypto = require('node:crypto');
const { parentPort, workerData } = require('node:worker_threads');
const LANES = workerData.lanes;
const sum = new Uint16Array(LANES);
const LITTLE_ENDIAN = require('node:os').endianness() === 'LE';
function lanesOf(entry) {
  if (LITTLE_ENDIAN && entry.byteOffset % 2 === 0) return new Uint16Array(entry.buffer, entry.byteOffset, LANES);
  const out = new Uint16Array(LANES);
  for (let i = 0; i < LANES; i++) out[i] = entry.readUInt16LE(i * 2);
  return out;
}
// The UTF-16LE bytes of a string stored in the state-codec encoding: plain UTF-8 unless it holds a
// surrogate unit (ED A0..BF xx), in which case every code unit has its own 1-3 byte form.
function utf16(bytes) {
  let surrogate = false;
  for (let i = bytes.indexOf(0xed); i !== -1 && !surrogate; i = bytes.indexOf(0xed, i + 1)) surrogate = bytes[i + 1] >= 0xa0;
  if (!surrogate) return Buffer.from(bytes.toString('utf8'), 'utf16le');
  const out = Buffer.allocUnsafe(bytes.length * 2);
  let n = 0;
  for (let i = 0; i < bytes.length; n += 2) {
    const b = bytes[i];
    let unit;
    if (b < 0x80) { unit = b; i += 1; }
    else if (b < 0xe0) { unit = ((b & 0x1f) << 6) | (bytes[i + 1] & 0x3f); i += 2; }
    else { unit = ((b & 0x0f) << 12) | ((bytes[i + 1] & 0x3f) << 6) | (bytes[i + 2] & 0x3f); i += 3; }
    out.writeUInt16LE(unit, n);
  }
  return out.subarray(0, n);
}
const length = Buffer.alloc(4);
parentPort.on('message', (m) => {
  if (m.type === 'sum') {
    parentPort.postMessage({ type: 'sum', lanes: sum.slice() });
    sum.fill(0);
    return;
  }
  const buf = Buffer.from(m.buffer, 0, m.length);
  // Each entry: [u32 LE bytes after this header][i8 sign][u8 form][u32 LE key bytes][key][value], where
  // form 0 is UTF-16LE and form 1 the state-codec encoding.
  for (let at = 0; at < buf.length;) {
    const n = buf.readUInt32LE(at);
    const sign = buf.readInt8(at + 4);
    const form = buf[at + 5];
    const keyBytes = buf.readUInt32LE(at + 6);
    let key = buf.subarray(at + 10, at + 10 + keyBytes);
    let value = buf.subarray(at + 10 + keyBytes, at + 10 + n);
    if (form === 1) {
      key = utf16(key);
      value = utf16(value);
    }
    length.writeUInt32BE(key.length);
    const digest = crypto.createHash('sha256').update(length).update(key).update(value).digest();
    const lanes = lanesOf(crypto.createHash('shake256', { outputLength: LANES * 2 }).update(digest).digest());
    if (sign > 0) for (let i = 0; i < LANES; i++) sum[i] += lanes[i];
    else for (let i = 0; i < LANES; i++) sum[i] -= lanes[i];
    at += 10 + n;
  }
  parentPort.postMessage({ type: 'done', buffer: m.buffer }, [m.buffer]);
});
`;

// Big enough that a message carries hundreds of entries, small enough that the workers start early.
const BATCH_BYTES = 1 << 20;
// Batches a worker may have queued before the reader waits for one to be done.
const IN_FLIGHT = 2;

/**
 * An entry to sum: key and value as strings, or both as their stored bytes (state-codec.ts encoding,
 * which the worker decodes), and whether it is added (1, the default) or removed (-1).
 */
export type Entry = readonly [key: string, value: string, sign?: 1 | -1] | readonly [key: Buffer, value: Buffer, sign?: 1 | -1];
type Entries = Iterable<Entry>;

/** How many workers to use: one per core the process may use, at least one. */
export function defaultStateHashWorkers(): number {
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

interface Lane {
  readonly worker: Worker;
  inFlight: number;
}

// Entry header: [u32 LE bytes after the header][i8 sign][u8 form][u32 LE key bytes].
const HEADER = 10;

function byteLength(part: string | Buffer): number {
  return typeof part === 'string' ? 2 * part.length : part.length;
}

/** Packs entries into buffers and hands each full one to the first worker with room for it. */
class Batches {
  readonly #lanes: Lane[];
  // Buffers the workers have handed back, to fill again.
  readonly #spare: ArrayBuffer[] = [];
  #failure: Error | undefined;
  #wake: (() => void) | undefined;
  #buffer = Buffer.allocUnsafeSlow(BATCH_BYTES);
  #used = 0;

  constructor(workers: number, opts: { unref?: boolean; source?: string } = {}) {
    this.#lanes = Array.from({ length: workers }, () => {
      const lane = { worker: new Worker(opts.source ?? WORKER_SOURCE, { eval: true, workerData: { lanes: LANES } }), inFlight: 0 };
      if (opts.unref) lane.worker.unref();
      lane.worker.on('message', (m: { type: string; buffer?: ArrayBuffer }) => {
        if (m.type !== 'done') return;
        lane.inFlight -= 1;
        if (m.buffer) this.#spare.push(m.buffer);
        this.#wakeUp();
      });
      lane.worker.on('error', (err) => {
        this.#failure ??= err;
        this.#wakeUp();
      });
      lane.worker.on('exit', (code) => {
        this.#failure ??= new Error(`a state hash worker stopped (exit code ${code})`);
        this.#wakeUp();
      });
      return lane;
    });
  }

  /** Packs one entry; a promise only when the buffer was full and had to be sent first. */
  add(entry: Entry): Promise<void> | undefined {
    const size = HEADER + byteLength(entry[0]) + byteLength(entry[1]);
    if (this.#used + size <= this.#buffer.length) {
      this.#pack(entry, size);
      return undefined;
    }
    return this.flush().then(() => {
      if (size > this.#buffer.length) this.#buffer = Buffer.allocUnsafeSlow(size);
      this.#pack(entry, size);
    });
  }

  #pack([key, value, sign = 1]: Entry, size: number): void {
    const keyBytes = byteLength(key);
    const buffer = this.#buffer;
    let at = this.#used;
    buffer.writeUInt32LE(size - HEADER, at);
    buffer.writeInt8(sign, at + 4);
    buffer[at + 5] = typeof key === 'string' ? 0 : 1;
    buffer.writeUInt32LE(keyBytes, at + 6);
    at += HEADER;
    at += typeof key === 'string' ? buffer.write(key, at, 'utf16le') : key.copy(buffer, at);
    at += typeof value === 'string' ? buffer.write(value, at, 'utf16le') : value.copy(buffer, at);
    this.#used = at;
  }

  /** Sends what is packed to a worker, waiting while every worker has its fill. */
  async flush(): Promise<void> {
    if (this.#used === 0) return;
    for (;;) {
      if (this.#failure) throw this.#failure;
      const lane = this.#lanes.find((l) => l.inFlight < IN_FLIGHT);
      if (lane) {
        lane.inFlight += 1;
        const arrayBuffer = this.#buffer.buffer;
        lane.worker.postMessage({ type: 'batch', buffer: arrayBuffer, length: this.#used }, [arrayBuffer]);
        const reuse = this.#spare.pop();
        this.#buffer = reuse ? Buffer.from(reuse) : Buffer.allocUnsafeSlow(BATCH_BYTES);
        this.#used = 0;
        return;
      }
      await new Promise<void>((r) => (this.#wake = r));
    }
  }

  /** Every worker's partial sum, once it has folded all it was sent; the workers start again from zero. */
  async sum(): Promise<StateHash> {
    await this.flush();
    if (this.#failure) throw this.#failure;
    const parts = this.#lanes.map(
      (lane) =>
        new Promise<Uint16Array>((resolve, reject) => {
          const answer = (m: { type: string; lanes?: Uint16Array }): void => {
            if (m.type !== 'sum' || !m.lanes) return;
            lane.worker.off('message', answer);
            lane.worker.off('error', reject);
            lane.worker.off('exit', stopped);
            resolve(m.lanes);
          };
          const stopped = (code: number): void => reject(new Error(`a state hash worker stopped (exit code ${code})`));
          lane.worker.on('message', answer);
          lane.worker.once('error', reject);
          lane.worker.once('exit', stopped);
          lane.worker.postMessage({ type: 'sum' });
        }),
    );
    const hash = StateHash.empty();
    for (const part of await Promise.all(parts)) hash.addLanes(part);
    return hash;
  }

  async close(): Promise<void> {
    await Promise.all(this.#lanes.map((l) => l.worker.terminate()));
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}

/**
 * Workers kept for one user who sums again and again (the committer: each block's writes), one sum at
 * a time. Unref'd, so they never keep the process alive.
 */
export class StateHashWorkers {
  readonly #workers: number;
  readonly #source: string | undefined;
  #batches: Batches | undefined;
  #busy: Promise<unknown> = Promise.resolve();

  /** `source` replaces the workers' code: for tests of what happens when a worker fails. */
  constructor(workers = defaultStateHashWorkers(), source?: string) {
    this.#workers = workers;
    this.#source = source;
  }

  /** The lanes of `entries` summed on the workers (started on first use). */
  sum(entries: Entries): Promise<StateHash> {
    const run = this.#busy.then(async () => {
      const batches = (this.#batches ??= new Batches(this.#workers, { unref: true, ...(this.#source ? { source: this.#source } : {}) }));
      try {
        await feed(entries, batches);
        return await batches.sum();
      } catch (err) {
        // A worker that failed may hold part of a sum: start afresh next time.
        this.#batches = undefined;
        await batches.close();
        throw err;
      }
    });
    this.#busy = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.#busy;
    await this.#batches?.close();
    this.#batches = undefined;
  }
}

/**
 * The lanes of `entries` (each added, or removed when its sign is -1) summed on `workers` threads.
 * With `workers` 0 it sums on this thread, as `StateHash.add` does.
 */
export async function sumEntries(entries: Entries, workers = defaultStateHashWorkers()): Promise<{ hash: StateHash; entries: number }> {
  if (workers <= 0) return sumHere(entries);
  const batches = new Batches(workers);
  try {
    const count = await feed(entries, batches);
    return { hash: await batches.sum(), entries: count };
  } finally {
    await batches.close();
  }
}

// Lets the event loop run between chunks of a long synchronous read.
const YIELD_EVERY = 2000;

/**
 * Packs every entry into `batches`, awaiting only when a buffer must wait for a worker (and every
 * YIELD_EVERY entries, so a long scan never holds the event loop); returns how many there were.
 */
async function feed(entries: Entries, batches: Batches): Promise<number> {
  let count = 0;
  for (const entry of entries) {
    if (typeof entry[0] !== typeof entry[1]) throw new TypeError('an entry to sum gives its key and value in one form');
    const waiting = batches.add(entry);
    if (waiting) await waiting;
    if (++count % YIELD_EVERY === 0) await new Promise((r) => setImmediate(r));
  }
  return count;
}

function sumHere(entries: Entries): { hash: StateHash; entries: number } {
  const hash = StateHash.empty();
  let count = 0;
  for (const [k, v, sign = 1] of entries) {
    const [key, value] = [typeof k === 'string' ? k : decodeString(k), typeof v === 'string' ? v : decodeString(v)];
    if (sign > 0) hash.add(key, value);
    else hash.remove(key, value);
    count += 1;
  }
  return { hash, entries: count };
}
