import type { VerifyOptions, VerifyReport } from '../trace-ledger';
import { blockProblem, GENESIS_PREVIOUS_HASH, sealProblem, type Block } from './block';
import type { BlockStore } from './block-store';
import { checkpointProblem, type LedgerStore, type StateCheckpoint } from './ledger-store';
import { checkAndReplay, genesisCursor, type ChainCursor } from './opening';
import { WorldState } from './world-state';

export interface VerifyContext {
  readonly dir: string;
  readonly store: BlockStore;
  readonly derived: LedgerStore;
  readonly ledgerPublicKey: string;
  /** The head as it is now: verification covers the blocks up to it. */
  readonly head: { readonly height: number; readonly hash: string };
  readonly clock: () => Date;
}

type Bad = { number: number; reason: string };
const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

function readBlock(store: BlockStore, n: number): { block: Block } | { problem: string } {
  try {
    return { block: store.read(n) };
  } catch (err) {
    return { problem: err instanceof Error ? err.message : 'unreadable' };
  }
}

/** EPCIS events a transaction records (for the deep verify's rate). */
function eventsIn(block: Block): number {
  let n = 0;
  for (const tx of block.txs) {
    if (tx.fn !== 'RecordEvents') continue;
    const args = JSON.parse(tx.args) as { events?: unknown };
    n += Array.isArray(args.events) ? args.events.length : 0;
  }
  return n;
}

/**
 * The state store against its checkpoint: the checkpoint is the ledger key's, the content hash kept
 * with it and the one recomputed from every stored entry equal the checkpoint's, and the block it
 * names is in the chain with that hash (and that state hash in its header).
 */
async function stateProblem(ctx: VerifyContext): Promise<{ bad?: Bad; entries: number }> {
  const { checkpoint: cp, kept, scanned, entries } = await ctx.derived.recomputeHash();
  if (!cp) return { bad: { number: 0, reason: 'the state store has no checkpoint' }, entries };
  const reason =
    checkpointProblem(cp, ctx.ledgerPublicKey) ??
    contentProblem(cp.state, kept?.digest(), scanned.digest(), entries) ??
    namedBlockProblem(ctx, cp);
  return reason ? { bad: { number: cp.height - 1, reason }, entries } : { entries };
}

function contentProblem(state: string, kept: string | undefined, scanned: string, entries: number): string | undefined {
  if (kept !== state) return 'the content hash kept in the state store differs from its checkpoint';
  return scanned === state ? undefined : `the state store's ${entries} entries do not hash to the state hash of its checkpoint`;
}

function namedBlockProblem(ctx: VerifyContext, cp: StateCheckpoint): string | undefined {
  if (cp.height === 0) return undefined;
  const read = readBlock(ctx.store, cp.height - 1);
  if ('problem' in read) return read.problem;
  return read.block.hash === cp.hash && (read.block.header.state ?? cp.state) === cp.state
    ? undefined
    : 'the state checkpoint names a block hash or state hash the chain does not have';
}

function checkHeader(ctx: VerifyContext, n: number, previous: string, sealed: boolean): { block: Block } | { problem: string } {
  const read = readBlock(ctx.store, n);
  if ('problem' in read) return read;
  const problem = blockProblem(read.block, n, previous) ?? sealProblem(read.block, ctx.ledgerPublicKey, sealed);
  return problem ? { problem } : read;
}

/** Headers, links, data hashes, proposal and header signatures of every block, then the state store against its checkpoint. No re-execution. */
export async function verifyFast(ctx: VerifyContext): Promise<VerifyReport> {
  const { height, hash } = ctx.head;
  let previous = GENESIS_PREVIOUS_HASH;
  let sealed = false;
  let checkedTransactions = 0;
  const report = (checkedBlocks: number, bad?: Bad): VerifyReport => ({
    ok: !bad,
    height,
    checkedBlocks,
    checkedTransactions,
    ...(bad ? { firstBadBlock: bad } : {}),
    supported: true,
    depth: 'fast',
    ...reexecuted(ctx),
  });
  // The state store is hashed (on worker threads) while the blocks are checked here; a bad block is
  // reported first, as it would be if the two ran one after the other.
  const stateChecked = stateProblem(ctx);
  const blocksChecked = async (): Promise<{ checked: number; bad?: Bad }> => {
    for (let n = 0; n < height; n++) {
      const checked = checkHeader(ctx, n, previous, sealed);
      if ('problem' in checked) return { checked: n, bad: { number: n, reason: checked.problem } };
      previous = checked.block.hash;
      sealed ||= checked.block.signature !== undefined;
      checkedTransactions += checked.block.txs.length;
      if (n % 64 === 63) await yieldToLoop();
    }
    if (previous !== hash) return { checked: height, bad: { number: height - 1, reason: 'stored head differs from the head in memory' } };
    return { checked: height };
  };
  const [blocks, state] = await Promise.all([blocksChecked(), stateChecked]);
  if (blocks.bad) return report(blocks.checked, blocks.bad);
  return { ...report(height, state.bad), stateEntries: state.entries };
}

function reexecuted(ctx: VerifyContext): Pick<VerifyReport, 'reexecuted'> {
  const r = ctx.derived.reexecution();
  return r ? { reexecuted: r } : {};
}

async function replayOne(
  ctx: VerifyContext,
  n: number,
  cursor: ChainCursor,
  scratch: WorldState,
): Promise<{ block: Block } | { problem: string }> {
  const read = readBlock(ctx.store, n);
  if ('problem' in read) return read;
  const result = await checkAndReplay(read.block, n, cursor, scratch, ctx.ledgerPublicKey);
  if ('problem' in result) return result;
  scratch.apply(result.writes);
  cursor.previous = read.block.hash;
  cursor.hash = result.hash;
  cursor.sealed ||= read.block.signature !== undefined;
  return read;
}

/** Everything `verifyFast` checks, and every block re-executed from the first into a fresh state, each header's state hash checked against it. */
export async function verifyDeep(ctx: VerifyContext, opts: VerifyOptions): Promise<VerifyReport> {
  const { height, hash } = ctx.head;
  const scratch = WorldState.create(ctx.dir);
  const cursor = genesisCursor();
  let checkedTransactions = 0;
  let events = 0;
  const report = (checkedBlocks: number, bad?: Bad): VerifyReport => ({
    ok: !bad,
    height,
    checkedBlocks,
    checkedTransactions,
    ...(bad ? { firstBadBlock: bad } : {}),
    supported: true,
    depth: 'deep',
    reexecutedEvents: events,
    ...reexecuted(ctx),
  });
  try {
    for (let n = 0; n < height; n++) {
      const done = await replayOne(ctx, n, cursor, scratch);
      if ('problem' in done) return report(n, { number: n, reason: done.problem });
      checkedTransactions += done.block.txs.length;
      events += eventsIn(done.block);
      opts.onProgress?.({ blocks: n + 1, height, transactions: checkedTransactions, events });
    }
  } finally {
    await scratch.close();
  }
  if (cursor.previous !== hash) return report(height, { number: height - 1, reason: 'stored head differs from the head in memory' });
  const state = await stateProblem(ctx);
  if (!state.bad && height > 0)
    ctx.derived.noteReexecution({ since: 0, through: height - 1, at: ctx.clock().toISOString(), by: 'deep verify' });
  return { ...report(height, state.bad), stateEntries: state.entries, ...reexecuted(ctx) };
}
