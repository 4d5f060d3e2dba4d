import '../helpers/quiet-fabric';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { status } from '@grpc/grpc-js';
import { CommitUnknownError, ConflictError, ForbiddenError, UnavailableError } from '../../server/http/errors';
import { GatewayLedger, type GatewayLedgerOptions, type SubmitRetry } from '../../server/ledger/gateway/gateway-ledger';
import type { Signer } from '../../server/ledger/trace-ledger';
import { enterpriseIdentityName, Wallet } from '../../server/ledger/gateway/wallet';
import { ENDORSEMENT_MISMATCH, FakeGateway, type GatewayStage } from '../helpers/fake-gateway';
import { gln, glnId, gtin, itemId, lotId, uniquePrefix } from '../helpers/gs1';
import { MemoryFabric } from '../helpers/memory-fabric';
import { rejection } from '../helpers/rejection';
import { testIdentity } from '../helpers/test-identities';

const UNAVAILABLE = { code: status.UNAVAILABLE, message: 'failed to send transaction to orderer: connection refused' };

function commissioning(prefix: string, serial: string): { eventID: string; event: Record<string, unknown> } {
  return {
    eventID: `urn:uuid:${prefix}-${serial}`,
    event: {
      type: 'ObjectEvent',
      eventTime: '2026-05-01T08:00:00.000Z',
      eventTimeZoneOffset: '+08:00',
      action: 'ADD',
      epcList: [itemId(gtin(prefix, 1), serial)],
      bizStep: 'commissioning',
      disposition: 'active',
    },
  };
}

describe('GatewayLedger submits through a busy network (fault-injecting gateway double)', () => {
  let fake: FakeGateway;
  let wallet: Wallet;
  let ledger: GatewayLedger;
  const retries: SubmitRetry[] = [];
  const options = (extra: Partial<GatewayLedgerOptions> = {}): GatewayLedgerOptions => ({
    channel: 'trace',
    chaincode: 'suyuan',
    peers: [{ endpoint: fake.endpoint, mspId: 'EnterpriseMSP' }],
    walletDir: wallet.dir,
    adminIdentity: 'admin',
    regulatorIdentity: 'regulator',
    submitAttempts: 3,
    retryBaseMs: 5,
    ...extra,
  });

  /** Registers a fresh enterprise with its own company prefix; answers its signer and prefix. */
  async function enterprise(): Promise<{ signer: Signer; prefix: string }> {
    const prefix = uniquePrefix();
    const id = `farm-${prefix}`;
    wallet.put(enterpriseIdentityName(id), await testIdentity(enterpriseIdentityName(id)));
    await ledger.registerEnterprise({ kind: 'admin' }, { id, name: id, companyPrefixes: [prefix] });
    return { signer: { kind: 'enterprise', enterpriseId: id }, prefix };
  }

  /** Calls per gateway stage made by `act`. */
  async function counting<T>(act: () => Promise<T>): Promise<{ result: T; calls: Record<GatewayStage, number> }> {
    const before = { ...fake.calls };
    const result = await act();
    return {
      result,
      calls: {
        endorse: fake.calls.endorse - before.endorse,
        submit: fake.calls.submit - before.submit,
        commitStatus: fake.calls.commitStatus - before.commitStatus,
      },
    };
  }

  beforeAll(async () => {
    fake = await FakeGateway.start(new MemoryFabric());
    wallet = new Wallet(fs.mkdtempSync(path.join(os.tmpdir(), 'suyuan-wallet-')));
    wallet.put('admin', await testIdentity('Admin@enterprise', 'EnterpriseMSP', 'admin'));
    wallet.put('regulator', await testIdentity('User1@regulator', 'RegulatorMSP'));
    ledger = await GatewayLedger.open(options({ onRetry: (r) => void retries.push(r) }));
  });

  afterAll(async () => {
    await ledger.close();
    await fake.close();
    fs.rmSync(wallet.dir, { recursive: true, force: true });
  });

  it('endorses again after an endorsement mismatch and commits on the third attempt', async () => {
    const { signer, prefix } = await enterprise();
    fake.failNext({ stage: 'endorse', ...ENDORSEMENT_MISMATCH, times: 2 });
    retries.length = 0;
    const { result, calls } = await counting(() => ledger.recordEvents(signer, { events: [commissioning(prefix, 'M1')] }));
    expect(calls).toEqual({ endorse: 3, submit: 1, commitStatus: 1 });
    expect(retries.map((r) => [r.fn, r.reason, r.attempt, r.attempts])).toEqual([
      ['RecordEvents', 'endorsement-mismatch', 1, 3],
      ['RecordEvents', 'endorsement-mismatch', 2, 3],
    ]);
    expect(retries.every((r) => r.delayMs >= 2 && r.delayMs <= 10 && /^[0-9a-f]{64}$/.test(r.txId ?? '') && r.txId !== result.txId)).toBe(
      true,
    );
    expect(result.result.accepted).toEqual([`urn:uuid:${prefix}-M1`]);
    expect((await ledger.getTransaction(result.txId))?.status).toBe('VALID');
  });

  it("endorses again when a peer other than the gateway's own refuses what it endorsed under the rules (that peer is behind)", async () => {
    const { signer, prefix } = await enterprise();
    const behind = `chaincode response 500, ${JSON.stringify({ code: 'NOT_FOUND', detail: 'the shipment is not on the ledger' })}`;
    fake.failNext({ stage: 'endorse', ...ENDORSEMENT_MISMATCH, detail: behind });
    retries.length = 0;
    const { result, calls } = await counting(() => ledger.recordEvents(signer, { events: [commissioning(prefix, 'L1')] }));
    expect(calls).toEqual({ endorse: 2, submit: 1, commitStatus: 1 });
    expect(retries.map((r) => r.reason)).toEqual(['endorsement-mismatch']);
    expect(result.result.accepted).toEqual([`urn:uuid:${prefix}-L1`]);
  });

  it("answers a write only once the peer can read its state back: a receipt sent right after its shipment's commit is not refused", async () => {
    const a = await enterprise();
    const b = await enterprise();
    const lot = lotId(gtin(a.prefix, 1), 'S1');
    const partyA = glnId(gln(a.prefix, 1));
    const partyB = glnId(gln(b.prefix, 1));
    const qty = [{ epcClass: lot, quantity: 10, uom: 'KGM' }];
    const at = { eventTime: '2026-05-01T08:00:00.000Z', eventTimeZoneOffset: '+08:00' };
    const move = (bizStep: string): Record<string, unknown> => ({
      ...at,
      type: 'ObjectEvent',
      action: 'OBSERVE',
      quantityList: qty,
      bizStep,
      sourceList: [{ type: 'owning_party', source: partyA }],
      destinationList: [{ type: 'owning_party', destination: partyB }],
    });
    fake.fabric.stateLagMs = 300;
    try {
      await ledger.recordEvents(a.signer, {
        events: [
          {
            eventID: `urn:uuid:${a.prefix}-S0`,
            event: { ...at, type: 'ObjectEvent', action: 'ADD', quantityList: qty, bizStep: 'commissioning' },
          },
          { eventID: `urn:uuid:${a.prefix}-S1`, event: move('shipping') },
        ],
      });
      const received = await ledger.recordEvents(b.signer, { events: [{ eventID: `urn:uuid:${b.prefix}-R1`, event: move('receiving') }] });
      expect(received.result.accepted).toEqual([`urn:uuid:${b.prefix}-R1`]);
    } finally {
      fake.fabric.stateLagMs = 0;
    }
  });

  it('endorses and submits again when the orderer is UNAVAILABLE, recording the events once', async () => {
    const { signer, prefix } = await enterprise();
    fake.failNext({ stage: 'submit', ...UNAVAILABLE });
    retries.length = 0;
    const { result, calls } = await counting(() => ledger.recordEvents(signer, { events: [commissioning(prefix, 'U1')] }));
    expect(calls).toEqual({ endorse: 2, submit: 2, commitStatus: 1 });
    expect(retries.map((r) => r.reason)).toEqual(['unavailable']);
    expect((await ledger.getEvent(`urn:uuid:${prefix}-U1`))?.txId).toBe(result.txId);
  });

  it('endorses again when an endorsement ran past its deadline, ordering the transaction once', async () => {
    const { signer, prefix } = await enterprise();
    fake.failNext({ stage: 'endorse', code: status.DEADLINE_EXCEEDED, message: 'Deadline exceeded' });
    retries.length = 0;
    const { result, calls } = await counting(() => ledger.recordEvents(signer, { events: [commissioning(prefix, 'D1')] }));
    expect(calls).toEqual({ endorse: 2, submit: 1, commitStatus: 1 });
    expect(retries.map((r) => r.reason)).toEqual(['endorse-timeout']);
    expect((await ledger.getEvent(`urn:uuid:${prefix}-D1`))?.txId).toBe(result.txId);
  });

  it('never retries a rule failure of the chaincode', async () => {
    const { signer } = await enterprise();
    const other = uniquePrefix();
    const { result: err, calls } = await counting(() => rejection(ledger.recordEvents(signer, { events: [commissioning(other, 'R1')] })));
    expect(err).toBeInstanceOf(ForbiddenError);
    expect(calls).toEqual({ endorse: 1, submit: 0, commitStatus: 0 });
  });

  it('answers 409 naming the attempts when every endorsement mismatches', async () => {
    const { signer, prefix } = await enterprise();
    fake.failNext({ stage: 'endorse', ...ENDORSEMENT_MISMATCH, times: 3 });
    const { result: err, calls } = await counting(() => rejection(ledger.recordEvents(signer, { events: [commissioning(prefix, 'X1')] })));
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.status).toBe(409);
    expect(err.message).toMatch(/endorsements differed.* each of 3 attempts.*ProposalResponsePayloads do not match/);
    expect(calls).toEqual({ endorse: 3, submit: 0, commitStatus: 0 });
    expect(await ledger.getEvent(`urn:uuid:${prefix}-X1`)).toBeUndefined();
  });

  it('answers 503 naming the attempts when the network stays UNAVAILABLE', async () => {
    const { signer, prefix } = await enterprise();
    fake.failNext({ stage: 'endorse', code: status.UNAVAILABLE, message: 'no peers available', times: 3 });
    const err = await rejection(ledger.recordEvents(signer, { events: [commissioning(prefix, 'X2')] }));
    expect(err).toBeInstanceOf(UnavailableError);
    expect(err.status).toBe(503);
    expect(err.message).toMatch(/unavailable on each of 3 attempts/);
  });

  it('reports a commit status it could not read as unknown, with the transaction id, without retrying', async () => {
    const { signer, prefix } = await enterprise();
    fake.failNext({ stage: 'commitStatus', code: status.DEADLINE_EXCEEDED, message: 'context deadline exceeded' });
    const { result: err, calls } = await counting(() => rejection(ledger.recordEvents(signer, { events: [commissioning(prefix, 'C1')] })));
    expect(err).toBeInstanceOf(CommitUnknownError);
    expect(err.status).toBe(503);
    expect(calls).toEqual({ endorse: 1, submit: 1, commitStatus: 1 });
    const txId = (err as CommitUnknownError).txId;
    expect(txId).toMatch(/^[0-9a-f]{64}$/);
    // The transaction was ordered all the same: it is found by its id.
    await fake.fabric.waitForTx(txId, AbortSignal.timeout(5000));
    expect((await ledger.getTransaction(txId))?.status).toBe('VALID');
  });

  it('gives each call a deadline that grows with the events of the batch', async () => {
    const { signer, prefix } = await enterprise();
    const tight = await GatewayLedger.open(options({ deadlines: { commitStatusMs: 200, perEventMs: 0 } }));
    const roomy = await GatewayLedger.open(options({ deadlines: { commitStatusMs: 200, perEventMs: 1000 } }));
    try {
      fake.failNext({ stage: 'commitStatus', code: status.UNAVAILABLE, message: 'slow commit status', delayMs: 800 });
      const started = Date.now();
      const cut = await rejection(tight.recordEvents(signer, { events: [commissioning(prefix, 'D1')] }));
      expect(Date.now() - started).toBeLessThan(750);
      expect(cut.message).toMatch(/deadline exceeded/i);
      // 200 ms + 1 event × 1000 ms outlasts the slow answer: the peer's own error comes back.
      fake.failNext({ stage: 'commitStatus', code: status.UNAVAILABLE, message: 'slow commit status', delayMs: 800 });
      const waited = await rejection(roomy.recordEvents(signer, { events: [commissioning(prefix, 'D2')] }));
      expect(waited).toBeInstanceOf(CommitUnknownError);
      expect(waited.message).toMatch(/slow commit status/);
    } finally {
      await tight.close();
      await roomy.close();
    }
  });
});
