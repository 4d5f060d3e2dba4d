import fs from 'node:fs';
import path from 'node:path';
import { LRUCache } from 'lru-cache';
import { invoke } from '../../../chaincode/src/core/transactions';
import { fromLedgerMessage, NotFoundError } from '../../http/errors';
import { LedgerBase } from '../ledger-base';
import {
  BLOCK_END,
  type Checkpoint,
  type LedgerEvent,
  type LedgerInfo,
  type Receipt,
  type Signer,
  type TxInfo,
  type VerifyOptions,
  type VerifyReport,
} from '../trace-ledger';
import type { Block } from './block';
import type { BlockStore, TornTail } from './block-store';
import { Committer } from './committer';
import { KeyStore, type SigningIdentity } from './keystore';
import { LedgerStore, signCheckpoint } from './ledger-store';
import { sweepDerived } from './lmdb-folder';
import { openChain, type ChainCursor } from './opening';
import type { StateHash } from './state-hash';
import { defaultStateHashWorkers, StateHashWorkers } from './state-hash-workers';
import { verifyDeep, verifyFast, type VerifyContext } from './verification';
import { TxState, type WorldState } from './world-state';

export interface EmbeddedLedgerOptions {
  /** Folder for blocks and keys (kept apart from the index). */
  readonly dir: string;
  readonly clock?: () => Date;
  readonly maxBlockTxs?: number;
  /** Called after each block re-executed on open, with how far into the block file that is. */
  readonly onReplay?: (progress: ReplayProgress) => void;
  /** Where the cut-off of a torn last line is reported (default: a process warning on stderr). */
  readonly logger?: { warn(obj: object, msg: string): void };
  /**
   * Worker threads that hash each block's writes into the state hash (default: one per core; 0: on the
   * main thread), or the workers themselves (the ledger closes them with itself).
   */
  readonly hashWorkers?: number | StateHashWorkers;
}

export interface ReplayProgress {
  readonly blocks: number;
  readonly bytes: number;
  readonly totalBytes: number;
}

/** What the indexer reads of a block: each transaction's id, time and chaincode event. */
interface BlockEvents {
  readonly timestamp: string;
  readonly bytes: number;
  readonly txs: ReadonlyArray<Pick<Block['txs'][number], 'txId' | 'txTime' | 'event'>>;
}

const RECENT_BYTES = 32 * 1024 * 1024;
/** Ledger folders open in this process: a second open would share (and might rebuild) the first one's state store. */
const openFolders = new Set<string>();
/** The name of the ledger's own key (keys/ledger.key.pem): it signs block headers and the state checkpoint. */
const LEDGER_KEY = 'ledger';

function eventsOf(block: Block): BlockEvents {
  const bytes = block.txs.reduce((sum, tx) => sum + (tx.event?.payload.length ?? 0), 0);
  return {
    timestamp: block.header.timestamp,
    bytes,
    txs: block.txs.map(({ txId, txTime, event }) => (event ? { txId, txTime, event } : { txId, txTime })),
  };
}

function signerName(signer: Signer): string {
  return signer.kind === 'enterprise' ? `enterprise:${signer.enterpriseId}` : signer.kind;
}

function warner(opts: EmbeddedLedgerOptions): (msg: string) => void {
  return (msg) => (opts.logger ? opts.logger.warn({ dir: opts.dir }, msg) : process.emitWarning(msg));
}

function tornTailReporter(opts: EmbeddedLedgerOptions): (tail: TornTail) => void {
  const message = (t: TornTail): string =>
    `ledger block ${t.blockNumber}: cut off a torn last line of ${t.bytes} bytes at byte ${t.offset} of ${t.file} (written without its newline by a crash, so never acknowledged)`;
  return (tail) => (opts.logger ? opts.logger.warn({ ...tail }, message(tail)) : process.emitWarning(message(tail)));
}

function mapError(err: unknown): unknown {
  return err instanceof Error ? (fromLedgerMessage(err.message) ?? err) : err;
}

/**
 * Single-node ledger: signed, hash-chained blocks in a file; world state in an LMDB store kept across
 * restarts and trusted through a checkpoint signed by the ledger key (opening.ts).
 */
export class EmbeddedLedger extends LedgerBase {
  readonly mode = 'embedded' as const;
  readonly #store: BlockStore;
  readonly #derived: LedgerStore;
  readonly #keys: KeyStore;
  readonly #ledgerKey: SigningIdentity;
  readonly #committer: Committer;
  readonly #hashing: StateHashWorkers | undefined;
  readonly #waiters = new Set<() => void>();
  /** The chaincode events of the last few committed blocks (up to RECENT_BYTES of payload), so the indexer following the head need not read them back from disk. */
  readonly #recent = new LRUCache<number, BlockEvents>({ maxSize: RECENT_BYTES, sizeCalculation: (b) => Math.max(1, b.bytes) });
  readonly #dir: string;
  readonly #clock: () => Date;
  #headHash: string;

  private constructor(parts: {
    store: BlockStore;
    derived: LedgerStore;
    keys: KeyStore;
    ledgerKey: SigningIdentity;
    cursor: ChainCursor;
    opts: EmbeddedLedgerOptions;
  }) {
    super();
    this.#store = parts.store;
    this.#derived = parts.derived;
    this.#keys = parts.keys;
    this.#ledgerKey = parts.ledgerKey;
    this.#headHash = parts.cursor.previous;
    this.#dir = parts.opts.dir;
    this.#clock = parts.opts.clock ?? (() => new Date());
    const hashWorkers = parts.opts.hashWorkers ?? defaultStateHashWorkers();
    this.#hashing = typeof hashWorkers !== 'number' ? hashWorkers : hashWorkers > 0 ? new StateHashWorkers(hashWorkers) : undefined;
    this.#committer = new Committer({
      store: parts.store,
      world: parts.derived.world,
      clock: this.#clock,
      maxBlockTxs: parts.opts.maxBlockTxs ?? 64,
      ledgerKey: parts.ledgerKey,
      previousHash: parts.cursor.previous,
      stateHash: parts.cursor.hash,
      apply: (block, at, writes, hash) => {
        const checkpoint = signCheckpoint(
          { height: block.header.number + 1, hash: block.hash, end: at.end, state: hash.digest() },
          parts.ledgerKey,
        );
        parts.derived.commit({ block, start: at.start, writes, hash, checkpoint });
      },
      onBlock: (block) => this.#onBlock(block),
      ...(this.#hashing ? { hashAfter: this.#hashAfter(parts.derived.world, this.#hashing, warner(parts.opts)) } : {}),
    });
  }

  // The state hash after a block, on the worker; on this thread if the worker fails (the sums are the same).
  #hashAfter(
    world: WorldState,
    workers: StateHashWorkers,
    warn: (msg: string) => void,
  ): (before: StateHash, writes: Map<string, string>) => Promise<StateHash> {
    return async (before, writes) => {
      try {
        return await world.hashAfterOn(workers, before, writes);
      } catch (err) {
        warn(`hashing a block's writes on a worker thread failed (${err instanceof Error ? err.message : String(err)}); hashed here`);
        return world.hashAfter(before, writes);
      }
    };
  }

  /**
   * Opens (or creates and bootstraps) the ledger. Reads only the blocks after the state store's
   * checkpoint (all of them when there is none or it cannot be trusted) and refuses them when they
   * do not verify.
   */
  static async open(opts: EmbeddedLedgerOptions): Promise<EmbeddedLedger> {
    const folder = path.resolve(opts.dir);
    if (openFolders.has(folder)) throw new Error(`ledger folder ${folder} is already open in this process`);
    fs.mkdirSync(opts.dir, { recursive: true });
    sweepDerived(opts.dir);
    const warn = warner(opts);
    const derived = LedgerStore.open(opts.dir, warn);
    openFolders.add(folder);
    const keys = new KeyStore(path.join(opts.dir, 'keys'));
    const ledgerKey = keys.identity(LEDGER_KEY);
    let store: BlockStore | undefined;
    try {
      const file = path.join(opts.dir, 'blocks.jsonl');
      const opened = await openChain({
        file,
        derived,
        ledgerKey,
        warn,
        onTornTail: tornTailReporter(opts),
        clock: opts.clock ?? (() => new Date()),
        ...(opts.onReplay ? { onReplay: opts.onReplay } : {}),
      });
      store = opened.store;
      const ledger = new EmbeddedLedger({ store, derived, keys, ledgerKey, cursor: opened.cursor, opts });
      if (store.height === 0) await ledger.#bootstrap();
      return ledger;
    } catch (err) {
      await store?.close();
      await derived.close();
      openFolders.delete(folder);
      throw err;
    }
  }

  async #bootstrap(): Promise<void> {
    await this.submit({ kind: 'admin' }, 'Bootstrap', { name: 'Suyuan operator' });
    const regulator = this.#keys.identity('regulator');
    await this.registerIdentity(
      { kind: 'admin' },
      { mspId: regulator.mspId, id: regulator.id, role: 'regulator', name: 'Market regulator' },
    );
  }

  #onBlock(block: Block): void {
    // A block with more payload than the whole cache is not kept: it is read back from disk.
    this.#recent.set(block.header.number, eventsOf(block));
    this.#headHash = block.hash;
    for (const wake of this.#waiters) wake();
  }

  #identity(signer: Signer): SigningIdentity {
    return this.#keys.identity(signerName(signer));
  }

  protected enterpriseIdentity(enterpriseId: string): Promise<{ mspId: string; id: string }> {
    const { mspId, id } = this.#keys.identity(`enterprise:${enterpriseId}`);
    return Promise.resolve({ mspId, id });
  }

  protected async submitTx(signer: Signer, fn: string, input: unknown): Promise<Receipt<unknown>> {
    try {
      const { tx, blockNumber } = await this.#committer.submit({ identity: this.#identity(signer), fn, args: JSON.stringify(input) });
      return { txId: tx.txId, blockNumber, txTime: tx.txTime, result: JSON.parse(tx.result) as unknown };
    } catch (err) {
      throw mapError(err);
    }
  }

  protected async evaluateTx(signer: Signer, fn: string, input: unknown): Promise<unknown> {
    const identity = this.#identity(signer);
    const state = new TxState({
      txId: 'query',
      txTime: new Date().toISOString(),
      creator: { mspId: identity.mspId, id: identity.id },
      read: (k) => this.#derived.world.get(k),
      scan: (prefix) => this.#derived.world.scan(prefix),
      readOnly: true,
    });
    try {
      return JSON.parse(await invoke(state, fn, JSON.stringify(input))) as unknown;
    } catch (err) {
      throw mapError(err);
    }
  }

  async *events(from: Checkpoint, signal: AbortSignal): AsyncIterable<LedgerEvent> {
    for (let n = from.blockNumber; !signal.aborted; n++) {
      while (this.#store.height <= n && !signal.aborted) await this.#waitForBlock(signal);
      if (signal.aborted) return;
      const block = this.#recent.get(n) ?? eventsOf(this.#store.read(n));
      for (const [txIndex, tx] of block.txs.entries()) {
        if (!tx.event || (n === from.blockNumber && txIndex < from.txIndex)) continue;
        yield { blockNumber: n, txIndex, txId: tx.txId, txTime: tx.txTime, name: tx.event.name, payload: tx.event.payload };
      }
      yield { blockNumber: n, txIndex: block.txs.length, txId: '', txTime: block.timestamp, name: BLOCK_END, payload: '' };
    }
  }

  #waitForBlock(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.#waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.#waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  blockHash(n: number): Promise<string | undefined> {
    return Promise.resolve(Number.isInteger(n) && n >= 0 && n < this.#store.height ? this.#store.read(n).hash : undefined);
  }

  info(): Promise<LedgerInfo> {
    return Promise.resolve({ mode: this.mode, height: this.#store.height, headHash: this.#headHash });
  }

  /**
   * Fast (default): headers, links, data hashes, every signature, and the state store hashed against
   * its signed checkpoint. Deep: also re-executes every block into a fresh state.
   */
  verify(opts: VerifyOptions = {}): Promise<VerifyReport> {
    const ctx: VerifyContext = {
      dir: this.#dir,
      store: this.#store,
      derived: this.#derived,
      ledgerPublicKey: this.#ledgerKey.publicKeyPem,
      head: { height: this.#store.height, hash: this.#headHash },
      clock: this.#clock,
    };
    return opts.deep ? verifyDeep(ctx, opts) : verifyFast(ctx);
  }

  getTransaction(txId: string): Promise<TxInfo | undefined> {
    const where = this.#derived.txs.get(txId);
    if (!where) return Promise.resolve(undefined);
    const tx = this.#store.read(where.block).txs[where.position];
    if (!tx) throw new NotFoundError(`transaction ${txId}`);
    return Promise.resolve({
      txId,
      blockNumber: where.block,
      position: where.position,
      fn: tx.fn,
      creator: { mspId: tx.creator.mspId, id: tx.creator.id },
      signature: tx.signature,
      txTime: tx.txTime,
      status: 'VALID',
    });
  }

  async close(): Promise<void> {
    await this.#committer.idle();
    await this.#hashing?.close();
    for (const wake of this.#waiters) wake();
    await this.#store.close();
    await this.#derived.close();
    openFolders.delete(path.resolve(this.#dir));
  }
}
