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
 * Turns the gateway's chaincode-event stream into ledger events positioned by
 * `(block, ordinal of the event within the block)`, skipping the first `from.txIndex` events of
 * `from.blockNumber` (already processed), and yields a block-end marker once a block is complete.
 *
 * The gateway sends all of a block's events in one message, which the client unpacks without
 * waiting on the network; so when the next event is not ready by the time pending I/O callbacks
 * run, the current block has no more events.
 */
export async function* ledgerEvents(stream: CloseableAsyncIterable<ChaincodeEvent>, from: Checkpoint): AsyncGenerator<LedgerEvent> {
  const iterator = stream[Symbol.asyncIterator]();
  let block = -1;
  let ordinal = -1;
  let ended = true;
  const next = (): ReturnType<typeof iterator.next> => {
    const promise = iterator.next();
    // Seen by an await below, or dropped when the consumer stops and the stream is closed.
    promise.catch(() => undefined);
    return promise;
  };
  let pending = next();
  for (;;) {    let step = await Promise.race([pending, afterPendingWork()]);
    if (step === IDLE) {
      if (!ended) yield blockEnd(block, ordinal + 1);
      ended = true;
      step = await pending;
    }
    if (step.done) return;
    pending = next();
    const blockNumber = Number(step.value.blockNumber);
    if (blockNumber !== block && !ended) yield blockEnd(block, ordinal + 1);
    ordinal = blockNumber === block ? ordinal + 1 : 0;
    block = blockNumber;
    ended = false;
    if (blockNumber === from.blockNumber && ordinal < from.txIndex) continue;
    const { txTime, payload } = splitEventPayload(decoder.decode(step.value.payload));
    yield { blockNumber, txIndex: ordinal, txId: step.value.transactionId, txTime, name: step.value.eventName, payload };
  }
}
