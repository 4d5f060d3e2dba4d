import '../helpers/quiet-fabric';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { status } from '@grpc/grpc-js';
import { UnavailableError } from '../../server/http/errors';
import { readCheckpoint } from '../../server/index/checkpoint-queries';
import type { EventStreamNote } from '../../server/ledger/gateway/block-events';
import { GatewayLedger, type GatewayLedgerOptions } from '../../server/ledger/gateway/gateway-ledger';
import { enterpriseIdentityName, Wallet } from '../../server/ledger/gateway/wallet';
import { BLOCK_END, type Checkpoint, type LedgerEvent } from '../../server/ledger/trace-ledger';
import { simpleTransaction } from '../helpers/fabric-blocks';
import { fabricDoubleEnv, FakeGateway } from '../helpers/fake-gateway';
import { uniquePrefix } from '../helpers/gs1';
import { MemoryFabric, type MemoryBlock } from '../helpers/memory-fabric';
import { testIdentity } from '../helpers/test-identities';
import { registerEnterprise, startTestService, type TestService } from '../helpers/test-service';

const txId = (n: number): string => `${'f'.repeat(63)}${n}`;
const ours = (n: number): Uint8Array =>
  simpleTransaction(txId(n), { chaincode: 'suyuan', name: 'EventsRecorded', payload: `2026-05-01T08:00:00.000Z\n{"n":${n}}` });
const brief = (events: readonly LedgerEvent[]): string[] =>
  events.map((e) => `${e.name === BLOCK_END ? 'end' : e.txId}@${e.blockNumber}/${e.txIndex}`);
const said = (notes: readonly EventStreamNote[]): string[] =>
  notes.map((n) =>
    n.state === 'broken'
      ? `broken ${n.failures}/${n.attempts} from ${n.fromBlock}: ${n.message}`
      : `resumed after ${n.failures} at ${n.blockNumber}`,
  );

async function tempWallet(): Promise<Wallet> {
  const wallet = new Wallet(fs.mkdtempSync(path.join(os.tmpdir(), 'suyuan-wallet-')));
  wallet.put('admin', await testIdentity('Admin@enterprise', 'EnterpriseMSP', 'admin'));
  wallet.put('regulator', await testIdentity('User1@regulator', 'RegulatorMSP'));
  return wallet;
}

describe("GatewayLedger follows the peer's block event stream (Deliver on the wire-level double)", () => {
  let fake: FakeGateway;
  let wallet: Wallet;
  let ledger: GatewayLedger;
  let mixed: MemoryBlock;
  const notes: EventStreamNote[] = [];
  const options = (): GatewayLedgerOptions => ({
    channel: 'trace',
    chaincode: 'suyuan',
    peers: [{ endpoint: fake.endpoint, mspId: 'EnterpriseMSP' }],
    walletDir: wallet.dir,
    adminIdentity: 'admin',
    regulatorIdentity: 'regulator',
    retryBaseMs: 1,
    eventStreamAttempts: 4,
    onEventStream: (n) => void notes.push(n),
  });

  /** Reads events from `from` through the block end of `last`; `onEvent` is told of each as it comes. */
  async function read(from: Checkpoint, last: () => number, onEvent?: (e: LedgerEvent) => Promise<void>): Promise<LedgerEvent[]> {
    const seen: LedgerEvent[] = [];
    for await (const e of ledger.events(from, AbortSignal.timeout(20_000))) {
      seen.push(e);
      await onEvent?.(e);
      if (e.name === BLOCK_END && e.blockNumber === last()) return seen;
    }
    throw new Error(`the stream stopped before the end of block ${last()}: ${brief(seen).join(', ')}`);
  }

  async function register(): Promise<{ txId: string; blockNumber: number }> {
    const id = `farm-${uniquePrefix()}`;
    wallet.put(enterpriseIdentityName(id), await testIdentity(enterpriseIdentityName(id)));
    return ledger.registerEnterprise({ kind: 'admin' }, { id, name: id, companyPrefixes: [id.slice(5)] });
  }

  beforeAll(async () => {
    fake = await FakeGateway.start(new MemoryFabric());
    wallet = await tempWallet();
    ledger = await GatewayLedger.open(options());
  });

  afterAll(async () => {
    await ledger.close();
    await fake.close();
    fs.rmSync(wallet.dir, { recursive: true, force: true });
  });

  it("positions events by (Fabric block, transaction index); invalid, other chaincodes' and eventless transactions and config blocks give block ends only", async () => {
    const registered = await register();
    const config = fake.commitConfigBlock();
    mixed = fake.fabric.commitRaw([
      { txId: txId(1), envelope: ours(1) },
      { txId: txId(2), envelope: ours(2), status: 'MVCC_READ_CONFLICT' },
      { txId: txId(3), envelope: simpleTransaction(txId(3), { chaincode: 'other', name: 'Other', payload: 'x' }) },
      { txId: txId(4), envelope: simpleTransaction(txId(4)) },
      { txId: txId(5), envelope: ours(5) },
    ]);
    const events = await read({ blockNumber: registered.blockNumber, txIndex: 0 }, () => mixed.number);
    expect(brief(events)).toEqual([
      `${registered.txId}@${registered.blockNumber}/0`,
      `end@${registered.blockNumber}/1`,
      `end@${config.number}/1`,
      `${txId(1)}@${mixed.number}/0`,
      `${txId(5)}@${mixed.number}/4`,
      `end@${mixed.number}/5`,
    ]);
    // The same position the ledger gives the transaction, as on the embedded ledger.
    expect((await ledger.getTransaction(registered.txId))?.position).toBe(events[0]?.txIndex);
    expect(events[0]).toMatchObject({ name: 'EnterpriseRegistered', txTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown });
  });

  it('resumes mid-block, skipping exactly the transactions before the checkpoint', async () => {
    expect(brief(await read({ blockNumber: mixed.number, txIndex: 1 }, () => mixed.number))).toEqual([
      `${txId(5)}@${mixed.number}/4`,
      `end@${mixed.number}/5`,
    ]);
    expect(brief(await read({ blockNumber: mixed.number, txIndex: 5 }, () => mixed.number))).toEqual([`end@${mixed.number}/5`]);
  });

  it('connects again when the peer ends the stream (a restart), once per failed connection, and delivers each later event once', async () => {
    const head = mixed.number;
    const deliverCalls = fake.calls.deliver;
    const later: { tx?: { txId: string; blockNumber: number } } = {};
    notes.length = 0;
    const events = await read(
      { blockNumber: head, txIndex: mixed.txs.length },
      () => later.tx?.blockNumber ?? -1,
      async (e) => {
        if (e.blockNumber !== head) return;
        // The stream is open and at the head: the peer restarts, and refuses the next two connections.
        fake.failNext({ stage: 'deliver', code: status.UNAVAILABLE, message: 'connection refused', times: 2 });
        fake.breakStreams();
        later.tx = await register();
      },
    );
    const tx = later.tx;
    expect(brief(events)).toEqual([`end@${head}/5`, `${tx?.txId}@${tx?.blockNumber}/0`, `end@${tx?.blockNumber}/1`]);
    expect(said(notes)).toEqual([
      `broken 1/4 from ${head + 1}: 14 UNAVAILABLE: peer restarting: block event stream closed`,
      `broken 2/4 from ${head + 1}: 14 UNAVAILABLE: connection refused`,
      `broken 3/4 from ${head + 1}: 14 UNAVAILABLE: connection refused`,
      `resumed after 3 at ${head + 1}`,
    ]);
    expect(fake.calls.deliver - deliverCalls).toBe(4);
  });

  it('gives up after eventStreamAttempts connections in a row fail: the indexer gets a 503 and starts again from its checkpoint', async () => {
    notes.length = 0;
    fake.failNext({ stage: 'deliver', code: status.UNAVAILABLE, message: 'connection refused', times: 4 });
    const err = await read({ blockNumber: 0, txIndex: 0 }, () => 0).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnavailableError);
    expect((err as Error).message).toMatch(/connection refused/);
    expect(said(notes)).toEqual([1, 2, 3].map((n) => `broken ${n}/4 from 0: 14 UNAVAILABLE: connection refused`));
    // The next call connects again.
    expect(brief(await read({ blockNumber: 0, txIndex: 0 }, () => 0))).toEqual(['end@0/0']);
  });
});

describe('LEDGER=fabric: the index checkpoint in Postgres follows every block', () => {
  let fake: FakeGateway;
  let wallet: Wallet;
  let t: TestService;

  beforeAll(async () => {
    fake = await FakeGateway.start(new MemoryFabric());
    wallet = await tempWallet();
    t = await startTestService({
      ...fabricDoubleEnv(fake, wallet.dir),
    });
  }, 120_000);

  afterAll(async () => {
    await t.close();
    await fake.close();
    fs.rmSync(wallet.dir, { recursive: true, force: true });
  });

  it('reaches the chain height over config blocks and blocks without events, and GET /ledger says caught up', async () => {
    const id = `farm-${uniquePrefix()}`;
    wallet.put(enterpriseIdentityName(id), await testIdentity(enterpriseIdentityName(id)));
    await registerEnterprise(t, { id, companyPrefixes: [id.slice(5)] });
    fake.commitConfigBlock();
    fake.fabric.commitRaw([{ txId: txId(9), envelope: simpleTransaction(txId(9)) }]);
    const height = fake.fabric.blocks.length;
    expect(await t.service.deps.indexer.waitForHeight(height, 20_000)).toBe(true);
    expect(await readCheckpoint(t.service.deps.knex)).toEqual({ blockNumber: height, txIndex: 0 });
    const res = await t.http.get('/ledger');
    expect(res.body).toMatchObject({ height, index: { checkpoint: { blockNumber: height, txIndex: 0 }, caughtUp: true } });
  });
});
