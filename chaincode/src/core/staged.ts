import type { LedgerState } from './state';

/**
 * A write buffer over the committed state: reads see earlier staged writes, and nothing reaches
 * the ledger until `flush`. Lets a batch reject one item without leaving its writes behind, and
 * gives read-your-writes on Fabric, where a transaction never sees its own puts.
 */
export class Staged {
  readonly #base: Pick<LedgerState, 'get'> | Staged;
  readonly #writes = new Map<string, string>();

  constructor(base: Pick<LedgerState, 'get'> | Staged) {
    this.#base = base;
  }

  async get(key: string): Promise<string | undefined> {
    return this.#writes.get(key) ?? (await this.#base.get(key));
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
