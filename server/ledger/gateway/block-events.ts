import crypto from 'node:crypto';
import type { CloseableAsyncIterable } from '@hyperledger/fabric-gateway';
import type { common } from '@hyperledger/fabric-protos';
import { splitEventPayload } from '../../../chaincode/src/fabric-state';
import { BLOCK_END, type Checkpoint, type LedgerEvent } from '../trace-ledger';
import { blockTransactions } from './fabric-decode';

const decoder = new TextDecoder();
const MAX_BACKOFF_MS = 5_000;

/**
 * The ledger events of one delivered block, positioned as the embedded ledger positions its own:
 * `(block number, index of the transaction in the block)`, one per valid transaction carrying an
 * event of `chaincode`, from `from` on (the transactions of `from.blockNumber` before `from.txIndex`
 * are processed already), then the block-end marker (`txIndex` = the block's transaction count).
 * Config blocks, invalid transactions and transactions without such an event yield nothing but the
 * marker, so the checkpoint moves past every block.
 */
export function blockLedgerEvents(block: common.Block, chaincode: string, from: Checkpoint): LedgerEvent[] {
  const blockNumber = block.getHeader()?.getNumber() ?? 0;
  const txs = blockTransactions(block, chaincode);
  const events: LedgerEvent[] = [];
  for (const tx of txs) {
    if (!tx.event || (blockNumber === from.blockNumber && tx.position < from.txIndex)) continue;
    const { txTime, payload } = splitEventPayload(decoder.decode(tx.event.payload));
    events.push({ blockNumber, txIndex: tx.position, txId: tx.txId, txTime: txTime || tx.txTime, name: tx.event.name, payload });
  }
  events.push({ blockNumber, txIndex: txs.length, txId: '', txTime: '', name: BLOCK_END, payload: '' });
  return events;
}

/** What the follower says about its block event stream (the service logs it). */
export type EventStreamNote =
  | {
      readonly state: 'broken';
      /** Connections in a row that failed or ended before delivering a block, this one included; at `attempts` the follower gives up. */
      readonly failures: number;
      readonly attempts: number;
      /** Wait before connecting again. */
      readonly delayMs: number;
      /** The block the next connection asks for first. */
      readonly fromBlock: number;
      readonly message: string;
    }
  | { readonly state: 'resumed'; readonly failures: number; readonly blockNumber: number };

export interface BlockFollowOptions {
  readonly chaincode: string;
  /** Opens the peer's block event stream (Deliver) at `startBlock`. */
  readonly open: (startBlock: number) => Promise<CloseableAsyncIterable<common.Block>>;
  /** Connections in a row that may fail before the follower throws the last error (to its caller, the indexer). */
  readonly attempts: number;
  /** Connection n + 1 waits a random 50–100 % of retryBaseMs × 2^(n − 1), at most 5 s. */
  readonly retryBaseMs: number;
  readonly onNote?: (note: EventStreamNote) => void;
}

function backoffMs(baseMs: number, failures: number): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** (failures - 1));
  return Math.round(ceiling / 2 + crypto.randomInt(0, Math.floor(ceiling / 2) + 1));
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

interface FollowState {
  /** The first position not yet delivered. */
  next: Checkpoint;
  /** Connections in a row that failed before delivering a block. */
  failures: number;
}

/** The events of one delivered block; a block before `next` (asked for again on reconnection) only shows that the stream works. */
function* eventsOf(block: common.Block, state: FollowState, opts: BlockFollowOptions): Generator<LedgerEvent> {
  const blockNumber = block.getHeader()?.getNumber() ?? 0;
  if (blockNumber > state.next.blockNumber)
    throw new Error(`the block event stream skipped from block ${state.next.blockNumber} to ${blockNumber}`);
  if (state.failures > 0) opts.onNote?.({ state: 'resumed', failures: state.failures, blockNumber: state.next.blockNumber });
  state.failures = 0;
  if (blockNumber < state.next.blockNumber) return;
  yield* blockLedgerEvents(block, opts.chaincode, state.next);
  state.next = { blockNumber: blockNumber + 1, txIndex: 0 };
}

/** One connection to the stream; throws when it breaks or ends, returns when `signal` aborts. */
async function* connection(state: FollowState, signal: AbortSignal, opts: BlockFollowOptions): AsyncGenerator<LedgerEvent> {
  const stream = await opts.open(state.failures > 0 ? Math.max(0, state.next.blockNumber - 1) : state.next.blockNumber);
  const stop = (): void => stream.close();
  signal.addEventListener('abort', stop, { once: true });
  try {
    if (signal.aborted) return;
    for await (const block of stream) yield* eventsOf(block, state, opts);
  } finally {
    signal.removeEventListener('abort', stop);
    stream.close();
  }
  if (!signal.aborted) throw new Error(`the peer ended the block event stream (next block ${state.next.blockNumber})`);
}

/**
 * Follows the peer's block event stream from `from`: every block, config and eventless ones
 * included, in order, each decoded into its ledger events and a block-end marker (see
 * `blockLedgerEvents`), so block ends are exact. When the stream breaks or ends (a peer restart ends
 * it), it connects again after a backoff, from the block after the last one it delivered whole; a
 * reconnection asks for that last block once more, which is skipped, so that a working stream shows
 * at once even on a quiet chain. After `attempts` connections in a row without a block it throws.
 */
export async function* followBlocks(from: Checkpoint, signal: AbortSignal, opts: BlockFollowOptions): AsyncGenerator<LedgerEvent> {
  const state: FollowState = { next: from, failures: 0 };
  while (!signal.aborted) {
    let failure: unknown;
    try {
      yield* connection(state, signal, opts);
    } catch (err) {
      failure = err;
    }
    if (signal.aborted) return;
    state.failures += 1;
    if (state.failures >= opts.attempts) throw failure;
    const delayMs = backoffMs(opts.retryBaseMs, state.failures);
    opts.onNote?.({
      state: 'broken',
      failures: state.failures,
      attempts: opts.attempts,
      delayMs,
      fromBlock: state.next.blockNumber,
      message: messageOf(failure),
    });
    await pause(delayMs, signal);
  }
}
