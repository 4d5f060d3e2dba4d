import crypto from 'node:crypto';
import { invoke, RULES_VERSION } from '../../../chaincode/src/core/transactions';
import { GENESIS_PREVIOUS_HASH, makeBlock, proposalDigest, sealBlock, type Block, type StoredTx } from './block';
import type { BlockStore } from './block-store';
import type { SigningIdentity } from './keystore';
import type { StateHash } from './state-hash';
import { TxState, type WorldState } from './world-state';

export interface Proposal {
  readonly identity: SigningIdentity;
  readonly fn: string;
  readonly args: string;
}

export interface Committed {
  readonly tx: StoredTx;
  readonly blockNumber: number;
}

interface Pending {
  readonly proposal: Proposal;
  readonly resolve: (c: Committed) => void;
  readonly reject: (e: unknown) => void;
}

export interface CommitterOptions {
  readonly store: BlockStore;
  readonly world: WorldState;
  readonly clock: () => Date;
  readonly maxBlockTxs: number;
  /** Signs each block header (which carries the state hash after the block). */
  readonly ledgerKey: SigningIdentity;
  /** Applies a block already on disk to the state store (writes, positions, checkpoint), before it is acknowledged. */
  readonly apply: (block: Block, at: { start: number; end: number }, writes: Map<string, string>, hash: StateHash) => void;
  readonly onBlock: (block: Block) => void;
  /** The state hash after a block's writes (default: `world.hashAfter`, on this thread). */
  readonly hashAfter?: (before: StateHash, writes: Map<string, string>) => Promise<StateHash>;
  previousHash: string;
  stateHash: StateHash;
}

/** Signs a proposal the way a Fabric client would: random tx id, client timestamp, ECDSA over the digest. */
export function signProposal(p: Proposal, txTime: string): Omit<StoredTx, 'result' | 'writes' | 'event'> {
  const txId = crypto.createHash('sha256').update(crypto.randomBytes(24)).update(p.identity.id).digest('hex');
  const creator = { mspId: p.identity.mspId, id: p.identity.id, publicKey: p.identity.publicKeyPem };
  const signature = p.identity.sign(proposalDigest({ txId, fn: p.fn, args: p.args, txTime, creator }));
  return { txId, fn: p.fn, args: p.args, txTime, creator, signature };
}

/**
 * Group commit: proposals that arrive while a block is being written wait and go into the next
 * block together. Each runs the shared rules against the committed state plus the earlier
 * transactions of its block; a rejected one is answered at once and never enters a block.
 */
export class Committer {
  readonly #opts: CommitterOptions;
  readonly #queue: Pending[] = [];
  #running = false;
  #failed: unknown;

  constructor(opts: CommitterOptions) {
    this.#opts = opts;
  }

  submit(proposal: Proposal): Promise<Committed> {
    if (this.#failed) return Promise.reject(this.#failed instanceof Error ? this.#failed : new Error('ledger stopped'));
    return new Promise((resolve, reject) => {
      this.#queue.push({ proposal, resolve, reject });
      if (!this.#running) void this.#drain();
    });
  }

  /** Resolves when every queued proposal has been answered. */
  async idle(): Promise<void> {
    while (this.#running) await new Promise((r) => setTimeout(r, 5));
  }

  async #drain(): Promise<void> {
    this.#running = true;
    try {
      while (this.#queue.length > 0) await this.#commitNext(this.#queue.splice(0, this.#opts.maxBlockTxs));
    } finally {
      this.#running = false;
    }
  }

  async #execute(pending: Pending, overlay: Map<string, string>, txTime: string): Promise<StoredTx | undefined> {
    const signed = signProposal(pending.proposal, txTime);
    const { world } = this.#opts;
    const state = new TxState({
      txId: signed.txId,
      txTime,
      creator: { mspId: signed.creator.mspId, id: signed.creator.id },
      read: (k) => overlay.get(k) ?? world.get(k),
      scan: (prefix) => world.scan(prefix),
    });
    try {
      const result = await invoke(state, signed.fn, signed.args);
      for (const [k, v] of state.writes) overlay.set(k, v);
      return {
        ...signed,
        result,
        writes: [...state.writes].sort(([a], [b]) => (a < b ? -1 : 1)),
        ...(state.event ? { event: state.event } : {}),
        rules: RULES_VERSION,
      };
    } catch (err) {
      pending.reject(err);
      return undefined;
    }
  }

  async #commitNext(batch: Pending[]): Promise<void> {
    const overlay = new Map<string, string>();
    const txTime = this.#opts.clock().toISOString();
    const accepted: Array<{ pending: Pending; tx: StoredTx }> = [];
    for (const pending of batch) {
      const tx = await this.#execute(pending, overlay, txTime);
      if (tx) accepted.push({ pending, tx });
    }
    if (accepted.length === 0) return;
    const { store, world } = this.#opts;
    const hash = this.#opts.hashAfter
      ? await this.#opts.hashAfter(this.#opts.stateHash, overlay)
      : world.hashAfter(this.#opts.stateHash, overlay);
    const block = sealBlock(
      makeBlock(
        store.height,
        this.#opts.previousHash,
        txTime,
        accepted.map((a) => a.tx),
        hash.digest(),
      ),
      this.#opts.ledgerKey,
    );
    let at: { start: number; end: number };
    try {
      at = await store.append(block);
    } catch (err) {
      // A block that may or may not be on disk cannot be acknowledged or built upon.
      this.#stop(err, accepted);
      return;
    }
    try {
      this.#opts.apply(block, at, overlay, hash);
      this.#opts.stateHash = hash;
      this.#opts.previousHash = block.hash;
      this.#opts.onBlock(block);
    } catch (err) {
      // The block is on disk but the state store missed it: stop; the next open re-executes it from the checkpoint.
      this.#stop(err, accepted);
      return;
    }
    for (const { pending, tx } of accepted) pending.resolve({ tx, blockNumber: block.header.number });
  }

  #stop(err: unknown, accepted: ReadonlyArray<{ pending: Pending }>): void {
    this.#failed = err;
    for (const p of [...accepted.map((a) => a.pending), ...this.#queue.splice(0)]) p.reject(err);
  }
}

export { GENESIS_PREVIOUS_HASH };
