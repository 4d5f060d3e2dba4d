import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { stableStringify } from '../../../chaincode/src/core/json';
import type { Block } from './block';
import { verifySignature, type SigningIdentity } from './keystore';
import { openPersistent, type Lmdb, type LmdbDb } from './lmdb-folder';
import { StateHash } from './state-hash';
import { sumEntries } from './state-hash-workers';
import { TxIndex } from './tx-index';
import { WorldState } from './world-state';

/**
 * How far the stored state goes, signed by the ledger key and committed in the same LMDB
 * transaction as the state it describes, so the two never disagree. A block is written (and
 * fdatasync'd) before its state and checkpoint, so after a crash the checkpoint may lag the block
 * file (the blocks after it are re-executed at open) but never lead it unless the block file lost data.
 */
export interface StateCheckpoint {
  /** Blocks applied: the number of the next block. */
  readonly height: number;
  /** Hash of block `height - 1`. */
  readonly hash: string;
  /** Byte offset in the block file just past block `height - 1`. */
  readonly end: number;
  /** Content hash of the state after block `height - 1` (StateHash digest). */
  readonly state: string;
  readonly signature: string;
}

/** The last time blocks were re-executed into a state: at open (those after the checkpoint) or by a deep verify (all). */
export interface Reexecution {
  readonly since: number;
  readonly through: number;
  readonly at: string;
  readonly by: 'open' | 'deep verify';
}

type Unsigned = Omit<StateCheckpoint, 'signature'>;

const digestOf = (c: Unsigned): Buffer =>
  crypto
    .createHash('sha256')
    .update(stableStringify({ height: c.height, hash: c.hash, end: c.end, state: c.state }))
    .digest();

export function signCheckpoint(c: Unsigned, ledgerKey: Pick<SigningIdentity, 'sign'>): StateCheckpoint {
  return { height: c.height, hash: c.hash, end: c.end, state: c.state, signature: ledgerKey.sign(digestOf(c)) };
}

export function checkpointProblem(c: StateCheckpoint, ledgerPublicKey: string): string | undefined {
  return verifySignature(ledgerPublicKey, digestOf(c), c.signature) ? undefined : 'the state checkpoint is not signed by the ledger key';
}

const CHECKPOINT = Buffer.from('checkpoint');
const LANES = Buffer.from('state-hash');
const REEXECUTED = Buffer.from('reexecuted');

const blockKey = (n: number): Buffer => {
  const key = Buffer.alloc(8);
  key.writeDoubleBE(n);
  return key;
};

function parseJson<T>(bytes: Buffer | undefined): T | undefined {
  try {
    return bytes ? (JSON.parse(bytes.toString('utf8')) as T) : undefined;
  } catch {
    return undefined;
  }
}

/** The embedded ledger's derived data, kept across restarts in `<ledger dir>/store`: world state, transaction positions, block offsets, checkpoint. */
export class LedgerStore {
  readonly world: WorldState;
  readonly txs: TxIndex;
  readonly #root: Lmdb;
  readonly #offsets: LmdbDb;
  readonly #meta: LmdbDb;
  readonly #state: LmdbDb;
  readonly #txDb: LmdbDb;

  private constructor(root: Lmdb) {
    this.#root = root;
    const db = (name: string): LmdbDb =>
      root.openDB<Buffer, Buffer>({ name, encoding: 'binary', keyEncoding: 'binary', compression: false, cache: false });
    this.#state = db('state');
    this.#txDb = db('txs');
    this.#offsets = db('offsets');
    this.#meta = db('meta');
    this.world = WorldState.over(this.#state, root.maxKeySize);
    this.txs = new TxIndex(this.#txDb);
  }

  /** Opens the store; one that LMDB cannot open is removed and started again empty (`onDiscard` says why). */
  static open(ledgerDir: string, onDiscard: (reason: string) => void): LedgerStore {
    const dir = path.join(ledgerDir, 'store');
    try {
      return new LedgerStore(openPersistent(dir));
    } catch (err) {
      onDiscard(`the state store could not be opened (${err instanceof Error ? err.message : 'unknown error'})`);
      fs.rmSync(dir, { recursive: true, force: true });
      return new LedgerStore(openPersistent(dir));
    }
  }

  checkpoint(): StateCheckpoint | undefined {
    return parseJson<StateCheckpoint>(this.#meta.get(CHECKPOINT));
  }

  /** The content hash kept with the checkpoint. */
  stateHash(): StateHash | undefined {
    return StateHash.fromBytes(this.#meta.get(LANES));
  }

  /** Where block `n` starts in the block file. */
  offset(n: number): number | undefined {
    return this.#offsets.get(blockKey(n))?.readDoubleBE(0);
  }

  /** Applies a block: its writes, transaction positions and offset, the new content hash and checkpoint, in one transaction. */
  commit(c: {
    block: Block;
    start: number;
    writes: Iterable<readonly [string, string]>;
    hash: StateHash;
    checkpoint: StateCheckpoint;
  }): void {
    this.#root.transactionSync(() => {
      this.world.write(c.writes);
      this.txs.add(c.block);
      const offset = Buffer.alloc(8);
      offset.writeDoubleBE(c.start);
      this.#offsets.putSync(blockKey(c.block.header.number), offset);
      this.#meta.putSync(LANES, c.hash.bytes());
      this.#meta.putSync(CHECKPOINT, Buffer.from(JSON.stringify(c.checkpoint)));
    });
  }

  /** Empties every table, for a rebuild from the blocks. */
  clear(): void {
    this.#root.transactionSync(() => {
      for (const db of [this.#state, this.#txDb, this.#offsets, this.#meta]) db.clearSync();
    });
  }

  reexecution(): Reexecution | undefined {
    return parseJson<Reexecution>(this.#meta.get(REEXECUTED));
  }

  noteReexecution(r: Reexecution): void {
    this.#meta.putSync(REEXECUTED, Buffer.from(JSON.stringify(r)));
  }

  /**
   * The checkpoint, its content hash and the content hash recomputed from every stored entry, all
   * read in one LMDB snapshot (commits may go on meanwhile); the entries are hashed on `workers` threads
   * (default: one per core) and the scan yields to the event loop between chunks.
   */
  async recomputeHash(workers?: number): Promise<{ checkpoint?: StateCheckpoint; kept?: StateHash; scanned: StateHash; entries: number }> {
    const transaction = this.#root.useReadTransaction();
    try {
      const checkpoint = parseJson<StateCheckpoint>(this.#meta.get(CHECKPOINT, { transaction }));
      const kept = StateHash.fromBytes(this.#meta.get(LANES, { transaction }));
      const { hash: scanned, entries } = await sumEntries(this.world.encodedEntries(transaction), workers);
      return { ...(checkpoint ? { checkpoint } : {}), ...(kept ? { kept } : {}), scanned, entries };
    } finally {
      transaction.done();
    }
  }

  close(): Promise<void> {
    return this.#root.close();
  }
}
