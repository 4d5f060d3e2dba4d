import crypto from 'node:crypto';
import { ContractHarness, MemoryWorld, type MemoryStub, type ShimResponse, type StubCreator } from './memory-stub';

/** One proposal to the in-process chaincode. */
export interface Proposal {
  readonly txId: string;
  readonly timestamp: Date;
  readonly fn: string;
  readonly arg: string;
  readonly creator: StubCreator;
}

export interface Endorsement {
  readonly proposal: Proposal;
  readonly response: ShimResponse;
  readonly stub: MemoryStub;
}

export type TxStatus = 'VALID' | 'MVCC_READ_CONFLICT' | 'DUPLICATE_TXID';

export interface CommittedTx {
  readonly txId: string;
  readonly txTime: string;
  readonly fn: string;
  readonly creator: StubCreator;
  readonly status: TxStatus;
  readonly event?: { readonly name: string; readonly payload: Buffer };
  /** The signed transaction envelope, when a gateway submitted one. */
  readonly envelope?: Uint8Array;
}

export interface MemoryBlock {
  readonly number: number;
  readonly txs: readonly CommittedTx[];
  readonly hash: Buffer;
  readonly previousHash: Buffer;
}

interface Pending {
  readonly endorsement: Endorsement;
  readonly envelope?: Uint8Array;
  readonly resolve: (r: { blockNumber: number; status: TxStatus }) => void;
}

function blockHash(number: number, previousHash: Buffer, txs: readonly CommittedTx[]): Buffer {
  return crypto
    .createHash('sha256')
    .update(`${number}:${previousHash.toString('hex')}:${txs.map((t) => t.txId).join(',')}`)
    .digest();
}

/**
 * An in-process peer and orderer around the real contract: endorsement against committed state,
 * blocks cut a few ms after the first pending transaction (so concurrent submits share a block),
 * MVCC validation at commit, block 0 a config block without transactions (as on a channel).
 */
export class MemoryFabric {
  readonly world = new MemoryWorld();
  readonly blocks: MemoryBlock[] = [{ number: 0, txs: [], hash: blockHash(0, Buffer.alloc(32), []), previousHash: Buffer.alloc(32) }];
  readonly #harness = new ContractHarness();
  readonly #where = new Map<string, { block: number; index: number }>();
  readonly #waiters = new Set<() => void>();
  #pending: Pending[] = [];
  #timer: NodeJS.Timeout | undefined;
  /**
   * A real peer writes a block to its block store (commit status, height) before it writes the block's
   * state; with this set, the state of each VALID transaction lands that many ms after its block.
   */
  stateLagMs = 0;

  constructor(readonly blockDelayMs = 5) {}

  get harness(): ContractHarness {
    return this.#harness;
  }

  /** Runs the proposal against committed state (endorse or evaluate). */
  async endorse(proposal: Proposal): Promise<Endorsement> {
    const { response, stub } = await this.#harness.run(this.world, {
      txId: proposal.txId,
      timestamp: proposal.timestamp,
      args: [proposal.fn, proposal.arg],
      creator: proposal.creator,
    });
    return { proposal, response, stub };
  }

  /** Orders an endorsed transaction; resolves once its block is committed. */
  order(endorsement: Endorsement, envelope?: Uint8Array): Promise<{ blockNumber: number; status: TxStatus }> {
    return new Promise((resolve) => {
      this.#pending.push({ endorsement, ...(envelope ? { envelope } : {}), resolve });
      this.#timer ??= setTimeout(() => this.#cut(), this.blockDelayMs);
    });
  }

  #cut(): void {
    this.#timer = undefined;
    const pending = this.#pending;
    this.#pending = [];
    const number = this.blocks.length;
    const txs = pending.map((p, index) => this.#validate(p, number, index));
    this.#append(txs);
    pending.forEach((p, i) => p.resolve({ blockNumber: number, status: txs[i]?.status ?? 'VALID' }));
  }

  #append(txs: readonly CommittedTx[]): MemoryBlock {
    const number = this.blocks.length;
    const previousHash = this.blocks[number - 1]?.hash ?? Buffer.alloc(32);
    const block = { number, txs, previousHash, hash: blockHash(number, previousHash, txs) };
    this.blocks.push(block);
    for (const wake of this.#waiters) wake();
    return block;
  }

  /** Commits a block of ready-made transaction envelopes without running the contract (a config update, hand-made transactions). */
  commitRaw(txs: ReadonlyArray<{ readonly txId: string; readonly envelope: Uint8Array; readonly status?: TxStatus }>): MemoryBlock {
    const txTime = new Date().toISOString();
    return this.#append(
      txs.map((t) => ({
        txId: t.txId,
        txTime,
        fn: '',
        creator: { mspId: '', certPem: '' },
        status: t.status ?? 'VALID',
        envelope: t.envelope,
      })),
    );
  }

  #validate(p: Pending, number: number, index: number): CommittedTx {
    const { proposal, stub } = p.endorsement;
    let status: TxStatus = 'VALID';
    if (this.#where.has(proposal.txId)) status = 'DUPLICATE_TXID';
    else if (!stub.stillValid(this.world)) status = 'MVCC_READ_CONFLICT';
    if (status === 'VALID' && this.stateLagMs > 0) setTimeout(() => this.world.apply(stub.writes, `${number}:${index}`), this.stateLagMs);
    else if (status === 'VALID') this.world.apply(stub.writes, `${number}:${index}`);
    if (status !== 'DUPLICATE_TXID') this.#where.set(proposal.txId, { block: number, index });
    return {
      txId: proposal.txId,
      txTime: proposal.timestamp.toISOString(),
      fn: proposal.fn,
      creator: proposal.creator,
      status,
      ...(status === 'VALID' && stub.event ? { event: stub.event } : {}),
      ...(p.envelope ? { envelope: p.envelope } : {}),
    };
  }

  /** Where a committed transaction is, if it is. */
  find(txId: string): { block: MemoryBlock; index: number; tx: CommittedTx } | undefined {
    const at = this.#where.get(txId);
    const block = at ? this.blocks[at.block] : undefined;
    const tx = at ? block?.txs[at.index] : undefined;
    return at && block && tx ? { block, index: at.index, tx } : undefined;
  }

  /** Resolves when the chain is taller than `height`, or `signal` aborts. */
  waitForHeight(height: number, signal: AbortSignal): Promise<void> {
    if (this.blocks.length > height || signal.aborted) return Promise.resolve();
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

  /** Resolves when transaction `txId` is committed (any status). */
  async waitForTx(txId: string, signal: AbortSignal): Promise<{ block: MemoryBlock; index: number; tx: CommittedTx } | undefined> {
    for (let found = this.find(txId); !signal.aborted; found = this.find(txId)) {
      if (found) return found;
      await this.waitForHeight(this.blocks.length, signal);
    }
    return undefined;
  }

  close(): void {
    if (this.#timer) clearTimeout(this.#timer);
    for (const wake of this.#waiters) wake();
  }
}
