import crypto from 'node:crypto';
import type { Block } from './block';
import type { LmdbDb } from './lmdb-folder';

export interface TxPosition {
  readonly block: number;
  readonly position: number;
}

// Keyed by a hash of the id, so an id of any length fits LMDB's key limit.
const keyOf = (txId: string): Buffer => crypto.createHash('sha256').update(txId).digest();

/** Where each transaction sits in the chain, by transaction id: derived from the blocks, kept in the ledger's store (ledger-store.ts). */
export class TxIndex {
  readonly #db: LmdbDb;

  constructor(db: LmdbDb) {
    this.#db = db;
  }

  /** Records the positions of a block's transactions, within the caller's transaction. */
  add(block: Block): void {
    block.txs.forEach((tx, position) => {
      const value = Buffer.alloc(12);
      value.writeDoubleBE(block.header.number, 0);
      value.writeUInt32BE(position, 8);
      this.#db.putSync(keyOf(tx.txId), value);
    });
  }

  get(txId: string): TxPosition | undefined {
    const value = this.#db.get(keyOf(txId));
    return value ? { block: value.readDoubleBE(0), position: value.readUInt32BE(8) } : undefined;
  }
}
