import crypto from 'node:crypto';
import type { Block } from './block';
import { closeDerived, openDerived, type Lmdb } from './lmdb-folder';

export interface TxPosition {
  readonly block: number;
  readonly position: number;
}

// Keyed by a hash of the id, so an id of any length fits LMDB's key limit.
const keyOf = (txId: string): Buffer => crypto.createHash('sha256').update(txId).digest();

/** Where each transaction sits in the chain, by transaction id: derived from the blocks, kept on disk like the world state. */
export class TxIndex {
  readonly #dir: string;
  readonly #db: Lmdb;

  private constructor(dir: string, db: Lmdb) {
    this.#dir = dir;
    this.#db = db;
  }

  /** Opens an empty index in a new folder under `parentDir`. */
  static create(parentDir: string): TxIndex {
    const { dir, db } = openDerived(parentDir);
    return new TxIndex(dir, db);
  }

  /** Records the positions of a block's transactions, in one transaction. */
  addBlock(block: Block): void {
    this.#db.transactionSync(() => {
      block.txs.forEach((tx, position) => {
        const value = Buffer.alloc(12);
        value.writeDoubleBE(block.header.number, 0);
        value.writeUInt32BE(position, 8);
        this.#db.putSync(keyOf(tx.txId), value);
      });
    });
  }

  get(txId: string): TxPosition | undefined {
    const value = this.#db.get(keyOf(txId));
    return value ? { block: value.readDoubleBE(0), position: value.readUInt32BE(8) } : undefined;
  }

  close(): Promise<void> {
    return closeDerived(this.#dir, this.#db);
  }
}
