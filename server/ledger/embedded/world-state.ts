import crypto from 'node:crypto';
import { RuleError } from '../../../chaincode/src/core/errors';
import type { Creator, LedgerState } from '../../../chaincode/src/core/state';
import type { Transaction } from 'lmdb';
import { closeDerived, openDerived, type LmdbDb } from './lmdb-folder';
import { decodeString, encodeString } from './state-codec';
import type { StateHash } from './state-hash';
import type { StateHashWorkers } from './state-hash-workers';

const SEP = '\u0000';

/** Fabric's composite-key encoding, so keys look the same in both modes. */
export function compositeKey(type: string, attrs: readonly string[]): string {
  return `${SEP}${type}${SEP}${attrs.map((a) => `${a}${SEP}`).join('')}`;
}

// LMDB refuses a zero-length key and '' is a key like any other, so every stored key starts with this byte.
const KEY_TAG = Buffer.from([0]);
const HASH_BYTES = 32;
// As an inclusive end, reaches every stored key that starts with the bytes before it: the encoding
// has no 0xFF byte and a cut key has exactly HASH_BYTES bytes after its head.
const LAST = Buffer.alloc(HASH_BYTES, 0xff);

const LMDB_DEFAULT_MAX_KEY = 511;

export interface WorldStateOptions {
  /** Longest stored key kept whole; longer ones are cut (default: LMDB's limit less a hash). Tests lower it. */
  readonly keyHeadBytes?: number;
}

/**
 * Committed key/value state of the embedded ledger, derived from the blocks' write sets.
 *
 * Kept on disk in LMDB: the ledger's own in its persistent store (ledger-store.ts), a deep verify's
 * in a scratch folder removed on `close()`. Keys are stored in an encoding whose byte order
 * is JS string order, so `scan` yields keys sorted as `<` sorts them. A key whose
 * encoding is longer than LMDB allows is stored as its first `keyHeadBytes` bytes plus a hash, with
 * the whole key kept in the value; such keys share their head, sit together, and are re-sorted there.
 */
export class WorldState {
  readonly #close: () => Promise<void>;
  readonly #db: LmdbDb;
  readonly #head: number;

  private constructor(db: LmdbDb, maxKeySize: number | undefined, opts: WorldStateOptions, close: () => Promise<void>) {
    this.#close = close;
    this.#db = db;
    this.#head = Math.min(opts.keyHeadBytes ?? Number.MAX_SAFE_INTEGER, (maxKeySize ?? LMDB_DEFAULT_MAX_KEY) - HASH_BYTES);
  }

  /** Opens an empty state in a new folder under `parentDir`, removed on close. */
  static create(parentDir: string, opts: WorldStateOptions = {}): WorldState {
    const { dir, db } = openDerived(parentDir);
    return new WorldState(db, db.maxKeySize, opts, () => closeDerived(dir, db));
  }

  /** The state kept in `db`, a database of an environment someone else opens and closes. */
  static over(db: LmdbDb, maxKeySize: number | undefined): WorldState {
    return new WorldState(db, maxKeySize, {}, () => Promise.resolve());
  }

  get(key: string): string | undefined {
    const stored = this.#storedKey(key);
    const value = this.#db.get(stored.key);
    if (value === undefined) return undefined;
    if (!stored.cut) return decodeString(value);
    const entry = parseCut(value);
    if (entry[0] !== key) throw new Error('world state: two long keys share a hash');
    return entry[1];
  }

  /** Writes `writes` in one transaction. */
  apply(writes: Iterable<readonly [string, string]>): void {
    this.#db.transactionSync(() => this.write(writes));
  }

  /** Writes `writes` within the caller's transaction. */
  write(writes: Iterable<readonly [string, string]>): void {
    for (const [k, v] of writes) {
      const stored = this.#storedKey(k);
      this.#db.putSync(stored.key, stored.cut ? cutValue(stored.whole, v) : encodeString(v));
    }
  }

  /** `before` (this state's content hash) updated for `writes`, each key once, without writing them. */
  hashAfter(before: StateHash, writes: Iterable<readonly [string, string]>): StateHash {
    const after = before.clone();
    for (const [k, v, sign] of this.#changes(writes)) {
      if (sign > 0) after.add(k, v);
      else after.remove(k, v);
    }
    return after;
  }

  /** What `hashAfter` gives, with the entries hashed on `workers`; this thread only reads the old values and packs them. */
  async hashAfterOn(workers: StateHashWorkers, before: StateHash, writes: Iterable<readonly [string, string]>): Promise<StateHash> {
    return before.plus(await workers.sum(this.#changes(writes)));
  }

  // What `writes` change in the content hash: each overwritten value taken away, each new value added.
  *#changes(writes: Iterable<readonly [string, string]>): Generator<readonly [string, string, 1 | -1]> {
    for (const [k, v] of writes) {
      const old = this.get(k);
      if (old !== undefined) yield [k, old, -1];
      yield [k, v, 1];
    }
  }

  /** Entries whose key starts with `prefix`, sorted by key as JS `<` sorts strings (read in `transaction` when given). */
  *scan(prefix: string, transaction?: Transaction): Generator<readonly [string, string]> {
    const whole = Buffer.concat([KEY_TAG, encodeString(prefix)]);
    if (whole.length <= this.#head) {
      yield* this.#range(whole, transaction);
      return;
    }
    for (const entry of this.#range(whole.subarray(0, this.#head), transaction)) if (entry[0].startsWith(prefix)) yield entry;
  }

  /**
   * Every entry as its stored bytes (state-codec.ts encoding, key without its tag), in storage order:
   * for hashing the whole state, where order does not matter and decoding to strings would cost more.
   */
  *encodedEntries(transaction?: Transaction): Generator<readonly [Buffer, Buffer]> {
    for (const { key, value } of this.#db.getRange(transaction ? { transaction } : {})) {
      if (key.length <= this.#head) {
        yield [key.subarray(KEY_TAG.length), value];
        continue;
      }
      const end = 4 + value.readUInt32BE(0);
      yield [value.subarray(4 + KEY_TAG.length, end), value.subarray(end)];
    }
  }

  // Stored keys from `start` up to everything that starts with it, cut keys re-sorted among their group.
  *#range(start: Buffer, transaction: Transaction | undefined): Generator<readonly [string, string]> {
    let group: Array<readonly [string, string]> = [];
    let groupHead: Buffer | undefined;
    for (const { key, value } of this.#db.getRange({
      start,
      end: Buffer.concat([start, LAST]),
      inclusiveEnd: true,
      ...(transaction ? { transaction } : {}),
    })) {
      const head = key.length > this.#head ? key.subarray(0, this.#head) : undefined;
      if (groupHead && !head?.equals(groupHead)) {
        yield* sortedByKey(group);
        group = [];
      }
      groupHead = head;
      if (head) group.push(parseCut(value));
      else yield [decodeString(key.subarray(KEY_TAG.length)), decodeString(value)];
    }
    yield* sortedByKey(group);
  }

  #storedKey(key: string): { key: Buffer; cut: boolean; whole: Buffer } {
    const whole = Buffer.concat([KEY_TAG, encodeString(key)]);
    if (whole.length <= this.#head) return { key: whole, cut: false, whole };
    const hash = crypto.createHash('sha256').update(whole).digest();
    return { key: Buffer.concat([whole.subarray(0, this.#head), hash]), cut: true, whole };
  }

  /** Number of keys (counted by walking the store in LMDB: for tests and diagnostics, not hot paths). */
  get size(): number {
    return this.#db.getCount();
  }

  /** Closes a scratch state and removes its folder (a state `over` a database is closed with its environment). */
  close(): Promise<void> {
    return this.#close();
  }
}

// A cut key's value: 4-byte length of the whole stored key, the whole stored key, then the value.
function cutValue(whole: Buffer, value: string): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(whole.length);
  return Buffer.concat([length, whole, encodeString(value)]);
}

function parseCut(stored: Buffer): readonly [string, string] {
  const end = 4 + stored.readUInt32BE(0);
  return [decodeString(stored.subarray(4 + KEY_TAG.length, end)), decodeString(stored.subarray(end))];
}

function sortedByKey(entries: Array<readonly [string, string]>): Array<readonly [string, string]> {
  return entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export interface TxStateOptions {
  readonly txId: string;
  readonly txTime: string;
  readonly creator: Creator;
  /** Committed state plus earlier transactions of the block being built. */
  readonly read: (key: string) => string | undefined;
  readonly scan: (prefix: string) => Iterable<readonly [string, string]>;
  readonly readOnly?: boolean;
  /** The rules version a re-executed transaction was written under (absent: the current one). */
  readonly rules?: number;
}

// The ledger state API is asynchronous; this world state answers synchronously, so scans are adapted, opened on first use.
function lazyAsync<T>(open: () => Iterable<T>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      const it = open()[Symbol.iterator]();
      return {
        next: () => new Promise((resolve) => resolve(it.next())),
        return: (value?: unknown) => new Promise((resolve) => resolve(it.return?.(value) ?? { done: true, value })),
      };
    },
  };
}

/** LedgerState for one embedded transaction: reads the committed view, buffers writes and the event. */
export class TxState implements LedgerState {
  readonly txId: string;
  readonly txTime: string;
  readonly creator: Creator;
  readonly rules: number | undefined;
  readonly writes = new Map<string, string>();
  event: { name: string; payload: string } | undefined;
  readonly #opts: TxStateOptions;

  constructor(opts: TxStateOptions) {
    this.txId = opts.txId;
    this.txTime = opts.txTime;
    this.creator = opts.creator;
    this.rules = opts.rules;
    this.#opts = opts;
  }

  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.#opts.read(key));
  }

  put(key: string, value: string): Promise<void> {
    if (this.#opts.readOnly) return Promise.reject(new RuleError('FORBIDDEN', 'read-only query attempted a write'));
    this.writes.set(key, value);
    return Promise.resolve();
  }

  scan(type: string, attrs: readonly string[]): AsyncIterable<readonly [string, string]> {
    return lazyAsync(() => this.#opts.scan(compositeKey(type, attrs)));
  }

  key(type: string, attrs: readonly string[]): string {
    return compositeKey(type, attrs);
  }

  emit(name: string, payload: string): void {
    this.event = { name, payload };
  }
}
