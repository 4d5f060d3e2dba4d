import type { Creator, LedgerState } from '../../../chaincode/src/core/state';

const SEP = '\u0000';

/** Fabric's composite-key encoding, so keys look the same in both modes. */
export function compositeKey(type: string, attrs: readonly string[]): string {
  return `${SEP}${type}${SEP}${attrs.map((a) => `${a}${SEP}`).join('')}`;
}

/** Committed key/value state of the embedded ledger, derived from the blocks' write sets. */
export class WorldState {
  readonly #data = new Map<string, string>();

  get(key: string): string | undefined {
    return this.#data.get(key);
  }

  apply(writes: Iterable<readonly [string, string]>): void {
    for (const [k, v] of writes) this.#data.set(k, v);
  }

  *scan(prefix: string): Generator<readonly [string, string]> {
    const keys = [...this.#data.keys()].filter((k) => k.startsWith(prefix)).sort();
    for (const k of keys) yield [k, this.#data.get(k) ?? ''];
  }

  get size(): number {
    return this.#data.size;
  }
}

export interface TxStateOptions {
  readonly txId: string;
  readonly txTime: string;
  readonly creator: Creator;
  /** Committed state plus earlier transactions of the block being built. */
  readonly read: (key: string) => string | undefined;
  readonly scan: (prefix: string) => Iterable<readonly [string, string]>;
  readonly readOnly?: boolean;
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
  readonly writes = new Map<string, string>();
  event: { name: string; payload: string } | undefined;
  readonly #opts: TxStateOptions;

  constructor(opts: TxStateOptions) {
    this.txId = opts.txId;
    this.txTime = opts.txTime;
    this.creator = opts.creator;
    this.#opts = opts;
  }

  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.#opts.read(key));
  }

  put(key: string, value: string): Promise<void> {
    if (this.#opts.readOnly) return Promise.reject(new Error('FORBIDDEN: read-only query attempted a write'));
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
