import type { ChaincodeEvent, CloseableAsyncIterable } from '@hyperledger/fabric-gateway';
import { splitEventPayload } from '../../../chaincode/src/fabric-state';
import { BLOCK_END, type Checkpoint, type LedgerEvent } from '../trace-ledger';

const IDLE = Symbol('idle');
const decoder = new TextDecoder();

function afterPendingWork(): Promise<typeof IDLE> {
  return new Promise((resolve) => setImmediate(() => resolve(IDLE)));
}

function blockEnd(blockNumber: number, count: number): LedgerEvent {
  return { blockNumber, txIndex: count, txId: '', txTime: '', name: BLOCK_END, payload: '' };
}

/**
 * How the stream learns about blocks without any of its chaincode's events, which the gateway never
 * mentions: after `quietMs` without an event, `eventlessUntil(next)` answers the first block from
 * `next` that holds such an event, or the chain height when none does.
 */
export interface EventlessBlocks {
  readonly quietMs: number;
  eventlessUntil(next: number): Promise<number>;
}

const QUIET = Symbol('quiet');

/** True for the events of the checkpoint's block that come before it (processed already). */
function processedBefore(from: Checkpoint, blockNumber: number, ordinal: number): boolean {
  return blockNumber === from.blockNumber && ordinal < from.txIndex;
}

/** The stream's next step; or, while it stays quiet, the end of a run of eventless blocks from `next`. */
async function nextOrEventless<T>(pending: Promise<T>, next: number, eventless: EventlessBlocks | undefined): Promise<T | number> {
  if (!eventless) return pending;
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const quiet = new Promise<typeof QUIET>((resolve) => (timer = setTimeout(() => resolve(QUIET), eventless.quietMs)));
    const step = await Promise.race([pending, quiet]).finally(() => clearTimeout(timer));
    if (step !== QUIET) return step;
    const until = await eventless.eventlessUntil(next);
    if (until > next) return until;
  }
}

/**
 * Turns the gateway's chaincode-event stream into ledger events positioned by
 * `(block, ordinal of the event within the block)`, skipping the first `from.txIndex` events of
 * `from.blockNumber` (already processed), and yields a block-end marker once a block is complete.
 *
 * The gateway sends all of a block's events in one message, which the client unpacks without
 * waiting on the network; so when the next event is not ready by the time pending I/O callbacks
 * run, the current block has no more events. Blocks without this chaincode's events (config and
 * lifecycle transactions, invalid transactions) are never sent; with `eventless`, a block-end marker
 * for the last of them moves the checkpoint past them, so the index can reach the chain height.
 */
export async function* ledgerEvents(stream: CloseableAsyncIterable<ChaincodeEvent>, from: Checkpoint, eventless?: EventlessBlocks): AsyncGenerator<LedgerEvent> {
  const iterator = stream[Symbol.asyncIterator]();
  let block = from.blockNumber - 1;
  let ordinal = -1;
  let ended = true;
  const next = (): ReturnType<typeof iterator.next> => {
    const promise = iterator.next();
    // Seen by an await below, or dropped when the consumer stops and the stream is closed.
    promise.catch(() => undefined);
    return promise;
  };
  let pending = next();
  for (;;) {
    let step = await Promise.race([pending, afterPendingWork()]);
    if (step === IDLE) {
      if (!ended) yield blockEnd(block, ordinal + 1);
      ended = true;
      const got = await nextOrEventless(pending, block + 1, eventless);
      if (typeof got === 'number') {
        block = got - 1;
        yield blockEnd(block, 0);
        continue;
      }
      step = got;
    }
    if (step.done) return;
    pending = next();
    const blockNumber = Number(step.value.blockNumber);
    if (blockNumber !== block && !ended) yield blockEnd(block, ordinal + 1);
    ordinal = blockNumber === block ? ordinal + 1 : 0;
    block = blockNumber;
    ended = false;
    if (processedBefore(from, blockNumber, ordinal)) continue;
    const { txTime, payload } = splitEventPayload(decoder.decode(step.value.payload));
    yield { blockNumber, txIndex: ordinal, txId: step.value.transactionId, txTime, name: step.value.eventName, payload };
  }
}
