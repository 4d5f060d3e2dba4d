import type { LedgerState } from './state';

/**
 * A write buffer over the committed state: reads see earlier staged writes, and nothing reaches
 * the ledger until `flush`. Lets a batch reject one item without leaving its writes behind, and
 * gives read-your-writes on Fabric, where a transaction never sees its own puts.
 */
export class Staged {
  readonly #base: Pick<LedgerState, 'get'> | Staged;
  readonly #writes = new Map<string, string>();
  // Reads of the committed state, kept for the transaction: on Fabric each is a round trip to the peer,
  // and a batch reads the same enterprise, prefix and object keys again and again.
  readonly #committed: Map<string, Promise<string | undefined>> | undefined;

  constructor(base: Pick<LedgerState, 'get'> | Staged) {
    this.#base = base;
    this.#committed = base instanceof Staged ? undefined : new Map();
  }

  async get(key: string): Promise<string | undefined> {
    const written = this.#writes.get(key);
    if (written !== undefined) return written;
    if (!this.#committed) return this.#base.get(key);
    let read = this.#committed.get(key);
    if (!read) this.#committed.set(key, (read = this.#base.get(key)));
    return read;
  }

  put(key: string, value: string): void {
    this.#writes.set(key, value);
  }

  /** Moves this buffer's writes into its parent buffer. */
  mergeInto(parent: Staged): void {
    for (const [k, v] of this.#writes) parent.put(k, v);
  }

  /** Writes every staged value to the ledger, in key order. */
  async flush(state: Pick<LedgerState, 'put'>): Promise<void> {
    for (const key of [...this.#writes.keys()].sort()) await state.put(key, this.#writes.get(key) ?? '');
  }
}
