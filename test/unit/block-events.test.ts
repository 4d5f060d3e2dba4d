import { status } from '@grpc/grpc-js';
import type { CloseableAsyncIterable } from '@hyperledger/fabric-gateway';
import { peer, type common } from '@hyperledger/fabric-protos';
import { blockLedgerEvents, followBlocks, type EventStreamNote } from '../../server/ledger/gateway/block-events';
import { BLOCK_END, type Checkpoint, type LedgerEvent } from '../../server/ledger/trace-ledger';
import { blockOf, configTransaction, simpleTransaction } from '../helpers/fabric-blocks';

const { VALID, MVCC_READ_CONFLICT, ENDORSEMENT_POLICY_FAILURE } = peer.TxValidationCode;
const txId = (n: number): string => n.toString(16).padStart(64, '0');
const ours = (n: number): Uint8Array =>
  simpleTransaction(txId(n), { chaincode: 'suyuan', name: 'EventsRecorded', payload: `2026-05-01T08:00:0${n % 10}.000Z\n{"n":${n}}` });

/**
 * Block 7 as a peer delivers it: a config transaction, our event, an MVCC-invalid transaction with our
 * event, another chaincode's event, an endorser transaction without event, an endorsement-policy
 * failure, our event again.
 */
function mixedBlock(number = 7): common.Block {
  return blockOf(
    number,
    [
      configTransaction(),
      ours(1),
      ours(2),
      simpleTransaction(txId(3), { chaincode: 'other', name: 'X', payload: 'x' }),
      simpleTransaction(txId(4)),
      ours(5),
      ours(6),
    ],
    [VALID, VALID, MVCC_READ_CONFLICT, VALID, VALID, ENDORSEMENT_POLICY_FAILURE, VALID],
  );
}

const brief = (events: readonly LedgerEvent[]): string[] =>
  events.map((e) => (e.name === BLOCK_END ? `end@${e.blockNumber}/${e.txIndex}` : `${e.txId.slice(-1)}@${e.blockNumber}/${e.txIndex}`));

describe('blockLedgerEvents: a delivered block as ledger events', () => {
  it('yields the valid transactions carrying our event at their index in the block, then a block end counting every transaction', () => {
    const events = blockLedgerEvents(mixedBlock(), 'suyuan', { blockNumber: 7, txIndex: 0 });
    expect(brief(events)).toEqual(['1@7/1', '6@7/6', 'end@7/7']);
    expect(events[0]).toEqual({
      blockNumber: 7,
      txIndex: 1,
      txId: txId(1),
      txTime: '2026-05-01T08:00:01.000Z',
      name: 'EventsRecorded',
      payload: '{"n":1}',
    });
  });

  it('resumes mid-block: skips exactly the transactions before the checkpoint', () => {
    expect(brief(blockLedgerEvents(mixedBlock(), 'suyuan', { blockNumber: 7, txIndex: 1 }))).toEqual(['1@7/1', '6@7/6', 'end@7/7']);
    expect(brief(blockLedgerEvents(mixedBlock(), 'suyuan', { blockNumber: 7, txIndex: 2 }))).toEqual(['6@7/6', 'end@7/7']);
    expect(brief(blockLedgerEvents(mixedBlock(), 'suyuan', { blockNumber: 7, txIndex: 7 }))).toEqual(['end@7/7']);
    // A checkpoint in an earlier block skips nothing of this one.
    expect(brief(blockLedgerEvents(mixedBlock(), 'suyuan', { blockNumber: 6, txIndex: 3 }))).toEqual(['1@7/1', '6@7/6', 'end@7/7']);
  });

  it('gives config and eventless blocks their block end only', () => {
    expect(brief(blockLedgerEvents(blockOf(0, [configTransaction()], [VALID]), 'suyuan', { blockNumber: 0, txIndex: 0 }))).toEqual([
      'end@0/1',
    ]);
    expect(brief(blockLedgerEvents(blockOf(3, [simpleTransaction(txId(9))], [VALID]), 'suyuan', { blockNumber: 0, txIndex: 0 }))).toEqual([
      'end@3/1',
    ]);
    expect(brief(blockLedgerEvents(blockOf(4, [], []), 'suyuan', { blockNumber: 4, txIndex: 0 }))).toEqual(['end@4/0']);
  });
});

/** A block event stream that delivers `items` (an Error breaks it, 'end' ends it), then stays open until closed. */
function scripted(items: ReadonlyArray<Item>): CloseableAsyncIterable<common.Block> {
  let closed = false;
  let wake = (): void => undefined;
  async function* run(): AsyncGenerator<common.Block> {
    for (const item of items) {
      if (item === 'end') return;
      if (item instanceof Error) throw item;
      yield item;
    }
    await new Promise<void>((resolve) => {
      wake = resolve;
      if (closed) resolve();
    });
    throw Object.assign(new Error('1 CANCELLED: Cancelled on client'), { code: status.CANCELLED });
  }
  const close = (): void => {
    closed = true;
    wake();
  };
  return { [Symbol.asyncIterator]: run, close, [Symbol.dispose]: close };
}

type Item = common.Block | Error | 'end';
const eventBlock = (n: number): common.Block => blockOf(n, [ours(n)], [VALID]);
const unavailable = (): Error => Object.assign(new Error('14 UNAVAILABLE: peer restarting'), { code: status.UNAVAILABLE });

/** Follows scripted connections; answers the events up to block end `lastBlock`, the start blocks asked for and the notes. */
async function follow(
  from: Checkpoint,
  connections: ReadonlyArray<ReadonlyArray<Item> | Error>,
  lastBlock: number,
  attempts = 5,
): Promise<{ events: LedgerEvent[]; starts: number[]; notes: EventStreamNote[] }> {
  const starts: number[] = [];
  const notes: EventStreamNote[] = [];
  const events: LedgerEvent[] = [];
  const abort = new AbortController();
  const open = (startBlock: number): Promise<CloseableAsyncIterable<common.Block>> => {
    const next = connections[starts.length];
    starts.push(startBlock);
    if (!next || next instanceof Error) return Promise.reject(next ?? new Error('no more connections scripted'));
    return Promise.resolve(scripted(next));
  };
  for await (const e of followBlocks(from, abort.signal, {
    chaincode: 'suyuan',
    open,
    attempts,
    retryBaseMs: 1,
    onNote: (n) => void notes.push(n),
  })) {
    events.push(e);
    if (e.name === BLOCK_END && e.blockNumber === lastBlock) break;
  }
  return { events, starts, notes };
}

describe('followBlocks: the block event stream, reconnected', () => {
  it('reads blocks in order from the checkpoint, mid-block included', async () => {
    const { events, starts, notes } = await follow({ blockNumber: 7, txIndex: 2 }, [[mixedBlock(7), eventBlock(8)]], 8);
    expect(brief(events)).toEqual(['6@7/6', 'end@7/7', '8@8/0', 'end@8/1']);
    expect(starts).toEqual([7]);
    expect(notes).toEqual([]);
  });

  it('connects again after a break with a backoff per failed connection, from the last whole block (skipped), and delivers each event once', async () => {
    const { events, starts, notes } = await follow(
      { blockNumber: 3, txIndex: 0 },
      [[eventBlock(3), eventBlock(4), unavailable()], unavailable(), ['end'], [eventBlock(4), eventBlock(5)]],
      5,
    );
    expect(brief(events)).toEqual(['3@3/0', 'end@3/1', '4@4/0', 'end@4/1', '5@5/0', 'end@5/1']);
    // The first connection from the checkpoint; each later one from the last whole block, to see at once that it delivers.
    expect(starts).toEqual([3, 4, 4, 4]);
    expect(
      notes.map((n) =>
        n.state === 'broken'
          ? `broken ${n.failures}/${n.attempts} from ${n.fromBlock}: ${n.message}`
          : `resumed after ${n.failures} at ${n.blockNumber}`,
      ),
    ).toEqual([
      'broken 1/5 from 5: 14 UNAVAILABLE: peer restarting',
      'broken 2/5 from 5: 14 UNAVAILABLE: peer restarting',
      'broken 3/5 from 5: the peer ended the block event stream (next block 5)',
      'resumed after 3 at 5',
    ]);
    for (const n of notes) if (n.state === 'broken') expect(n.delayMs).toBeLessThanOrEqual(2 ** (n.failures - 1));
  });

  it('gives up after `attempts` connections in a row fail, throwing the last error', async () => {
    const err = await follow(
      { blockNumber: 0, txIndex: 0 },
      [unavailable(), unavailable(), new Error('14 UNAVAILABLE: still down')],
      0,
      3,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe('14 UNAVAILABLE: still down');
  });

  it('refuses a stream that skips a block', async () => {
    const err = await follow({ blockNumber: 3, txIndex: 0 }, [[eventBlock(3), eventBlock(5)]], 5, 1).catch((e: unknown) => e);
    expect((err as Error).message).toBe('the block event stream skipped from block 4 to 5');
  });

  it('stops at once when its signal aborts, closing the stream', async () => {
    const abort = new AbortController();
    const stream = scripted([eventBlock(0)]);
    const close = jest.spyOn(stream, 'close');
    const seen: string[] = [];
    for await (const e of followBlocks({ blockNumber: 0, txIndex: 0 }, abort.signal, {
      chaincode: 'suyuan',
      open: () => Promise.resolve(stream),
      attempts: 3,
      retryBaseMs: 1,
    })) {
      seen.push(brief([e])[0] ?? '');
      if (e.name === BLOCK_END) abort.abort();
    }
    expect(seen).toEqual(['0@0/0', 'end@0/1']);
    expect(close).toHaveBeenCalled();
  });
});
