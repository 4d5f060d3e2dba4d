import fs from 'node:fs';
import { blockProblem, GENESIS_PREVIOUS_HASH, headerHash, sealProblem, type Block } from './block';
import { BlockStore, LedgerCorruptError, readBlockAt, type TornTail } from './block-store';
import type { SigningIdentity } from './keystore';
import { checkpointProblem, signCheckpoint, type LedgerStore, type Reexecution, type StateCheckpoint } from './ledger-store';
import { replayBlock } from './replay';
import { StateHash } from './state-hash';
import type { WorldState } from './world-state';

/** Where a walk along the chain stands: the last block's hash, the state's content hash, whether a signed header has been seen. */
export interface ChainCursor {
  previous: string;
  hash: StateHash;
  sealed: boolean;
}

export const genesisCursor = (): ChainCursor => ({ previous: GENESIS_PREVIOUS_HASH, hash: StateHash.empty(), sealed: false });

/**
 * Checks `block` as block `n` after `cursor` (number, link, data hash, header hash, every proposal
 * signature, the ledger key's header signature), re-executes it against `world` and checks the
 * state hash its header carries. Answers what is wrong, or its writes and the state hash after it.
 */
export async function checkAndReplay(
  block: Block,
  n: number,
  cursor: ChainCursor,
  world: WorldState,
  ledgerPublicKey: string,
): Promise<{ problem: string } | { writes: Map<string, string>; hash: StateHash }> {
  const problem = blockProblem(block, n, cursor.previous) ?? sealProblem(block, ledgerPublicKey, cursor.sealed);
  if (problem) return { problem };
  const replayed = await replayBlock(block, world);
  if ('problem' in replayed) return replayed;
  const hash = world.hashAfter(cursor.hash, replayed.writes);
  if (block.header.state !== undefined && block.header.state !== hash.digest())
    return { problem: 'the state hash in its header differs from re-executing the block' };
  return { writes: replayed.writes, hash };
}

export interface OpenChainOptions {
  readonly file: string;
  readonly derived: LedgerStore;
  readonly ledgerKey: SigningIdentity;
  readonly warn: (msg: string) => void;
  readonly onTornTail: (tail: TornTail) => void;
  readonly onReplay?: (progress: { blocks: number; bytes: number; totalBytes: number }) => void;
  readonly clock: () => Date;
}

export interface OpenedChain {
  readonly store: BlockStore;
  readonly cursor: ChainCursor;
  readonly reexecuted?: Reexecution;
}

interface TrustedStart {
  readonly height: number;
  readonly offset: number;
  readonly cursor: ChainCursor;
}

const fileSize = (file: string): number => (fs.existsSync(file) ? fs.statSync(file).size : 0);

// What keeps the checkpoint from being trusted, if anything.
function checkpointDoubt(opts: OpenChainOptions, cp: StateCheckpoint, block: Block | undefined): string | undefined {
  const { derived, ledgerKey, file } = opts;
  const problem = checkpointProblem(cp, ledgerKey.publicKeyPem);
  if (problem) return problem;
  if (derived.stateHash()?.digest() !== cp.state) return 'the state store does not match the content hash of its checkpoint';
  if (cp.end > fileSize(file)) return `the state store is at block ${cp.height - 1}, past the end of the block file`;
  const same =
    block !== undefined &&
    block.hash === cp.hash &&
    headerHash(block.header) === block.hash &&
    (block.header.state ?? cp.state) === cp.state;
  return same ? undefined : `block ${cp.height - 1} in the block file is not the one the state checkpoint names`;
}

/**
 * The checkpoint the state store holds, when it can be trusted without reading the blocks before it:
 * signed by the ledger key, matching the content hash kept with it, and naming a block that is
 * still where it says, whole, with that hash. Anything else is said through `warn` and answered undefined.
 */
function trustedStart(opts: OpenChainOptions): TrustedStart | undefined {
  const { derived, file } = opts;
  const cp = derived.checkpoint();
  if (!cp) {
    if (fileSize(file) > 0)
      opts.warn('no state checkpoint (a ledger written before the state was kept, or its store was removed): re-executing every block');
    return undefined;
  }
  const start = cp.height > 0 ? derived.offset(cp.height - 1) : undefined;
  const block = start === undefined || cp.end > fileSize(file) ? undefined : readBlockAt(file, start, cp.end);
  const doubt = checkpointDoubt(opts, cp, block);
  const hash = derived.stateHash();
  if (doubt || !hash) {
    opts.warn(`${doubt ?? 'no content hash'}: rebuilding the state store by re-executing every block`);
    return undefined;
  }
  return { height: cp.height, offset: cp.end, cursor: { previous: cp.hash, hash, sealed: block?.signature !== undefined } };
}

/**
 * Opens the block file: from the state store's checkpoint when it can be trusted (only the blocks
 * after it are read, checked and re-executed), else from the first block into an emptied store.
 *
 * @throws LedgerCorruptError naming the first block read that does not verify.
 */
export async function openChain(opts: OpenChainOptions): Promise<OpenedChain> {
  const { derived, file, ledgerKey } = opts;
  const trusted = trustedStart(opts);
  if (!trusted) derived.clear();
  const cursor = trusted?.cursor ?? genesisCursor();
  const since = trusted?.height ?? 0;
  const totalBytes = fileSize(file);
  const onBlock = async (block: Block, start: number, end: number): Promise<void> => {
    const n = block.header.number;
    const result = await checkAndReplay(block, n, cursor, derived.world, ledgerKey.publicKeyPem);
    if ('problem' in result) throw new LedgerCorruptError(n, result.problem, file);
    const state = result.hash.digest();
    derived.commit({
      block,
      start,
      writes: result.writes,
      hash: result.hash,
      checkpoint: signCheckpoint({ height: n + 1, hash: block.hash, end, state }, ledgerKey),
    });
    cursor.previous = block.hash;
    cursor.hash = result.hash;
    cursor.sealed ||= block.signature !== undefined;
    opts.onReplay?.({ blocks: n + 1, bytes: end, totalBytes });
  };
  const offsetOf = (n: number): number | undefined => derived.offset(n);
  const store = await BlockStore.open(file, {
    start: { height: since, offset: trusted?.offset ?? 0, offsetOf },
    onBlock,
    onTornTail: opts.onTornTail,
  });
  if (store.height === since) return { store, cursor };
  const reexecuted: Reexecution = { since, through: store.height - 1, at: opts.clock().toISOString(), by: 'open' };
  derived.noteReexecution(reexecuted);
  return { store, cursor, reexecuted };
}
