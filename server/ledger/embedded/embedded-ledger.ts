import fs from 'node:fs';
import path from 'node:path';
import { invoke } from '../../../chaincode/src/core/transactions';
import { fromLedgerMessage, NotFoundError } from '../../http/errors';
import { LedgerBase } from '../ledger-base';
import { BLOCK_END, type Checkpoint, type LedgerEvent, type LedgerInfo, type Receipt, type Signer, type TxInfo, type VerifyReport } from '../trace-ledger';
import { blockProblem, GENESIS_PREVIOUS_HASH, type Block } from './block';
import { BlockStore, LedgerCorruptError, type TornTail } from './block-store';
import { Committer } from './committer';
import { replayBlock } from './replay';
import { KeyStore, type SigningIdentity } from './keystore';
import { sweepDerived } from './lmdb-folder';
import { TxIndex } from './tx-index';
import { TxState, WorldState } from './world-state';

export interface EmbeddedLedgerOptions {
  /** Folder for blocks and keys (kept apart from the index). */
  readonly dir: string;
  readonly clock?: () => Date;
  readonly maxBlockTxs?: number;
  /** Called after each block re-executed on open, with how far into the block file that is. */
  readonly onReplay?: (progress: ReplayProgress) => void;
  /** Where the cut-off of a torn last line is reported (default: a process warning on stderr). */
  readonly logger?: { warn(obj: object, msg: string): void };
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

function eventsOf(block: Block): BlockEvents {
  const bytes = block.txs.reduce((sum, tx) => sum + (tx.event?.payload.length ?? 0), 0);
  return { timestamp: block.header.timestamp, bytes, txs: block.txs.map(({ txId, txTime, event }) => (event ? { txId, txTime, event } : { txId, txTime })) };
}

function signerName(signer: Signer): string {
  return signer.kind === 'enterprise' ? `enterprise:${signer.enterpriseId}` : signer.kind;
}

function tornTailReporter(opts: EmbeddedLedgerOptions): (tail: TornTail) => void {
  const message = (t: TornTail): string => `ledger block ${t.blockNumber}: cut off a torn last line of ${t.bytes} bytes at byte ${t.offset} of ${t.file} (written without its newline by a crash, so never acknowledged)`;
  return (tail) => (opts.logger ? opts.logger.warn({ ...tail }, message(tail)) : process.emitWarning(message(tail)));
}

function mapError(err: unknown): unknown {
  return err instanceof Error ? (fromLedgerMessage(err.message) ?? err) : err;
}

/** Single-node ledger: signed, hash-chained blocks in a file; world state rebuilt from them on open. */
export class EmbeddedLedger extends LedgerBase {
  readonly mode = 'embedded' as const;
  readonly #store: BlockStore;
  readonly #world: WorldState;
  readonly #keys: KeyStore;
  readonly #committer: Committer;
  readonly #txIndex: TxIndex;
  readonly #waiters = new Set<() => void>();
  /** The chaincode events of the last few committed blocks, so the indexer following the head need not read them back from disk. */
  readonly #recent = new Map<number, BlockEvents>();
  #recentBytes = 0;
  readonly #dir: string;
  #headHash: string;

  private constructor(parts: { store: BlockStore; world: WorldState; keys: KeyStore; headHash: string; txIndex: TxIndex; opts: EmbeddedLedgerOptions }) {
    super();
    this.#store = parts.store;
    this.#world = parts.world;
    this.#keys = parts.keys;
    this.#txIndex = parts.txIndex;
    this.#headHash = parts.headHash;
    this.#dir = parts.opts.dir;
    this.#committer = new Committer({
      store: parts.store,
      world: parts.world,
      clock: parts.opts.clock ?? (() => new Date()),
      maxBlockTxs: parts.opts.maxBlockTxs ?? 64,
      previousHash: parts.headHash,
      onBlock: (block) => this.#onBlock(block),
    });
  }

  /** Opens (or creates and bootstraps) the ledger; refuses a chain that does not verify. */
  static async open(opts: EmbeddedLedgerOptions): Promise<EmbeddedLedger> {
    fs.mkdirSync(opts.dir, { recursive: true });
    sweepDerived(opts.dir);
    const world = WorldState.create(opts.dir);
    const txIndex = TxIndex.create(opts.dir);
    let store: BlockStore | undefined;
    try {
      let previous = GENESIS_PREVIOUS_HASH;
      const file = path.join(opts.dir, 'blocks.jsonl');
      const totalBytes = fs.existsSync(file) ? fs.statSync(file).size : 0;
      const onBlock = async (block: Block, bytes: number): Promise<void> => {
        const problem = blockProblem(block, block.header.number, previous) ?? (await replayBlock(block, world));
        if (problem) throw new LedgerCorruptError(block.header.number, problem, file);
        previous = block.hash;
        txIndex.addBlock(block);
        opts.onReplay?.({ blocks: block.header.number + 1, bytes, totalBytes });
      };
      store = await BlockStore.open(file, { onBlock, onTornTail: tornTailReporter(opts) });
      const ledger = new EmbeddedLedger({ store, world, keys: new KeyStore(path.join(opts.dir, 'keys')), headHash: previous, txIndex, opts });
      if (store.height === 0) await ledger.#bootstrap();
      return ledger;
    } catch (err) {
      await store?.close();
      await Promise.all([world.close(), txIndex.close()]);
      throw err;
    }
  }

  async #bootstrap(): Promise<void> {
    await this.submit({ kind: 'admin' }, 'Bootstrap', { name: 'Suyuan operator' });
    const regulator = this.#keys.identity('regulator');
    await this.registerIdentity({ kind: 'admin' }, { mspId: regulator.mspId, id: regulator.id, role: 'regulator', name: 'Market regulator' });
  }

  #onBlock(block: Block): void {
    this.#remember(block);
    this.#headHash = block.hash;
    this.#txIndex.addBlock(block);
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
      read: (k) => this.#world.get(k),
      scan: (prefix) => this.#world.scan(prefix),
      readOnly: true,
    });
    try {
      return JSON.parse(await invoke(state, fn, JSON.stringify(input))) as unknown;
    } catch (err) {
      throw mapError(err);
    }
  }

  // Newest blocks in, oldest out past RECENT_BYTES of payload (a block larger than that is read from disk).
  #remember(block: Block): void {
    const events = eventsOf(block);
    this.#recent.set(block.header.number, events);
    this.#recentBytes += events.bytes;
    for (const [n, old] of this.#recent) {
      if (this.#recentBytes <= RECENT_BYTES) break;
      this.#recent.delete(n);
      this.#recentBytes -= old.bytes;
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

  /** Recomputes the hash chain and signatures and re-executes every transaction against a fresh state. */
  async verify(): Promise<VerifyReport> {
    const replayed = WorldState.create(this.#dir);
    try {
      return await this.#verifyInto(replayed);
    } finally {
      await replayed.close();
    }
  }

  async #verifyInto(replayed: WorldState): Promise<VerifyReport> {
    let previous = GENESIS_PREVIOUS_HASH;
    let checkedTransactions = 0;
    const height = this.#store.height;
    for (let n = 0; n < height; n++) {
      const { block, problem } = await this.#checkStored(n, previous, replayed);
      if (problem || !block) return { ok: false, height, checkedBlocks: n, checkedTransactions, firstBadBlock: { number: n, reason: problem ?? 'unreadable' }, supported: true };
      previous = block.hash;
      checkedTransactions += block.txs.length;
    }
    if (previous !== this.#headHash) return { ok: false, height, checkedBlocks: height, checkedTransactions, firstBadBlock: { number: height - 1, reason: 'stored head differs from the head in memory' }, supported: true };
    return { ok: true, height, checkedBlocks: height, checkedTransactions, supported: true };
  }

  async #checkStored(n: number, previous: string, replayed: WorldState): Promise<{ block?: Block; problem?: string }> {
    try {
      const block = this.#store.read(n);
      const problem = blockProblem(block, n, previous) ?? (await replayBlock(block, replayed));
      return problem ? { block, problem } : { block };
    } catch (err) {
      return { problem: err instanceof Error ? err.message : 'unreadable' };
    }
  }

  getTransaction(txId: string): Promise<TxInfo | undefined> {
    const where = this.#txIndex.get(txId);
    if (!where) return Promise.resolve(undefined);
    const tx = this.#store.read(where.block).txs[where.position];
    if (!tx) throw new NotFoundError(`transaction ${txId}`);
    return Promise.resolve({ txId, blockNumber: where.block, position: where.position, fn: tx.fn, creator: { mspId: tx.creator.mspId, id: tx.creator.id }, signature: tx.signature, txTime: tx.txTime, status: 'VALID' });
  }

  async close(): Promise<void> {
    await this.#committer.idle();
    for (const wake of this.#waiters) wake();
    await this.#store.close();
    await Promise.all([this.#world.close(), this.#txIndex.close()]);
  }
}
