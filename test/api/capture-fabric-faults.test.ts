import '../helpers/quiet-fabric';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { status } from '@grpc/grpc-js';
import { finishJob, insertJob, markSubmitted } from '../../server/features/epcis/capture-job-queries';
import { reconcileCaptureJobs } from '../../server/features/epcis/capture-service';
import { enterpriseIdentityName, Wallet } from '../../server/ledger/gateway/wallet';
import { ENDORSEMENT_MISMATCH, fabricDoubleEnv, FakeGateway, type GatewayStage } from '../helpers/fake-gateway';
import { epcisDocument, gln, glnId, gtin, itemId, uniquePrefix } from '../helpers/gs1';
import { MemoryFabric } from '../helpers/memory-fabric';
import { testIdentity } from '../helpers/test-identities';
import { registerEnterprise, startTestService, type TestService } from '../helpers/test-service';

type Job = Record<string, unknown> & { running: boolean; success: boolean; ledger?: { txId: string; blockNumber: number | null } };

function commissioning(prefix: string, serial: string): Record<string, unknown> {
  const site = glnId(gln(prefix, 1));
  return {
    type: 'ObjectEvent',
    eventTime: '2026-05-01T08:00:00.000+08:00',
    eventTimeZoneOffset: '+08:00',
    action: 'ADD',
    epcList: [itemId(gtin(prefix, 1), serial)],
    bizStep: 'commissioning',
    disposition: 'active',
    readPoint: { id: site },
  };
}

describe('POST /capture on Fabric through a busy network (LEDGER=fabric, fault-injecting gateway double)', () => {
  let fake: FakeGateway;
  let wallet: Wallet;
  let t: TestService;

  async function enterprise(): Promise<{ key: string; prefix: string }> {
    const prefix = uniquePrefix();
    const id = `farm-${prefix}`;
    wallet.put(enterpriseIdentityName(id), await testIdentity(enterpriseIdentityName(id)));
    return { key: await registerEnterprise(t, { id, companyPrefixes: [prefix] }), prefix };
  }

  async function job(key: string, location: string): Promise<Job> {
    const res = await t.http.get(location).set('Authorization', `Bearer ${key}`);
    expect(res.status).toBe(200);
    return res.body as Job;
  }

  async function settled(key: string, location: string): Promise<Job> {
    for (let i = 0; i < 400; i++) {
      const body = await job(key, location);
      if (!body.running) return body;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('capture job did not finish');
  }

  async function capture(key: string, events: object[]): Promise<string> {
    const res = await t.http.post('/capture').set('Authorization', `Bearer ${key}`).send(epcisDocument(events));
    expect(res.status).toBe(202);
    return res.headers.location as string;
  }

  function since(before: Record<GatewayStage, number>): Record<GatewayStage, number> {
    return {
      endorse: fake.calls.endorse - before.endorse,
      submit: fake.calls.submit - before.submit,
      commitStatus: fake.calls.commitStatus - before.commitStatus,
    };
  }

  beforeAll(async () => {
    fake = await FakeGateway.start(new MemoryFabric());
    wallet = new Wallet(fs.mkdtempSync(path.join(os.tmpdir(), 'suyuan-wallet-')));
    wallet.put('admin', await testIdentity('Admin@enterprise', 'EnterpriseMSP', 'admin'));
    wallet.put('regulator', await testIdentity('User1@regulator', 'RegulatorMSP'));
    t = await startTestService({
      ...fabricDoubleEnv(fake, wallet.dir),
      FABRIC_SUBMIT_ATTEMPTS: '3',
      FABRIC_RETRY_BASE_MS: '5',
      CAPTURE_RECONCILE_MS: '1000',
    });
  });

  afterAll(async () => {
    await t.close();
    await fake.close();
    fs.rmSync(wallet.dir, { recursive: true, force: true });
  });

  it('succeeds after an endorsement mismatch, endorsed twice and committed once, and says it is indexed', async () => {
    const { key, prefix } = await enterprise();
    fake.failNext({ stage: 'endorse', ...ENDORSEMENT_MISMATCH });
    const before = { ...fake.calls };
    const done = await settled(key, await capture(key, [commissioning(prefix, 'A1')]));
    expect(done).toMatchObject({
      success: true,
      errors: [],
      indexed: true,
      ledger: { txId: expect.stringMatching(/^[0-9a-f]{64}$/), blockNumber: expect.any(Number) },
    });
    expect(since(before)).toEqual({ endorse: 2, submit: 1, commitStatus: 1 });
  });

  it('fails a document the rules refuse after one endorsement: rule failures are not retried', async () => {
    const { key } = await enterprise();
    const before = { ...fake.calls };
    const done = await settled(key, await capture(key, [commissioning(uniquePrefix(), 'F1')]));
    expect(done).toMatchObject({ success: false, errors: [{ index: 0, code: 'forbidden' }] });
    expect(since(before)).toEqual({ endorse: 1, submit: 0, commitStatus: 0 });
  });

  it('keeps a job whose commit status timed out running with its transaction id, then settles it by that id', async () => {
    const { key, prefix } = await enterprise();
    fake.failNext({ stage: 'commitStatus', code: status.DEADLINE_EXCEEDED, message: 'context deadline exceeded', delayMs: 150 });
    const location = await capture(key, [commissioning(prefix, 'C1'), commissioning(prefix, 'C2')]);
    let pending: Job | undefined;
    for (let i = 0; i < 200 && !pending?.ledger; i++) {
      pending = await job(key, location);
      if (!pending.ledger) await new Promise((r) => setTimeout(r, 10));
    }
    expect(pending).toMatchObject({
      running: true,
      success: false,
      ledger: { txId: expect.stringMatching(/^[0-9a-f]{64}$/), blockNumber: null },
    });
    const done = await settled(key, location);
    expect(done).toMatchObject({
      running: false,
      success: true,
      errors: [],
      indexed: true,
      ledger: { txId: pending?.ledger?.txId, blockNumber: expect.any(Number) },
    });
    const event = await t.http
      .get('/events')
      .query({ MATCH_epc: itemId(gtin(prefix, 1), 'C2') })
      .set('Authorization', `Bearer ${key}`);
    expect(event.body.epcisBody.queryResults.resultsBody.eventList).toHaveLength(1);
  });

  it('fails a job whose transaction never reaches the ledger once CAPTURE_RECONCILE_MS has passed, saying so', async () => {
    const { key, prefix } = await enterprise();
    fake.failNext({ stage: 'submit', code: status.OK, message: '', swallow: true });
    fake.failNext({ stage: 'commitStatus', code: status.DEADLINE_EXCEEDED, message: 'context deadline exceeded' });
    const started = Date.now();
    const done = await settled(key, await capture(key, [commissioning(prefix, 'L1')]));
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(done).toMatchObject({
      success: false,
      errors: [
        {
          code: 'not-committed',
          message: expect.stringMatching(/^transaction [0-9a-f]{64} was submitted but is not on the ledger 1 s later/),
        },
      ],
      ledger: { txId: expect.any(String), blockNumber: null },
    });
    expect(await t.service.deps.ledger.getEvent(`urn:uuid:${prefix}-L1`)).toBeUndefined();
  });

  it('answers a synchronous capture whose endorsements keep mismatching with 409, the attempts in the detail', async () => {
    const { key, prefix } = await enterprise();
    fake.failNext({ stage: 'endorse', ...ENDORSEMENT_MISMATCH, times: 3 });
    const res = await t.http.post('/events').set('Authorization', `Bearer ${key}`).send(commissioning(prefix, 'S1'));
    expect(res.status).toBe(409);
    expect(res.body.detail).toMatch(/each of 3 attempts/);
  });

  it('answers a synchronous capture whose commit status is lost with 503 and the transaction id', async () => {
    const { key, prefix } = await enterprise();
    fake.failNext({ stage: 'commitStatus', code: status.DEADLINE_EXCEEDED, message: 'context deadline exceeded' });
    const res = await t.http.post('/events').set('Authorization', `Bearer ${key}`).send(commissioning(prefix, 'S2'));
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({
      txId: expect.stringMatching(/^[0-9a-f]{64}$/),
      detail: expect.stringMatching(/commit status is unknown/),
    });
  });

  it('reconciles at start-up by transaction id: a VALID one succeeds, one never found fails saying so', async () => {
    const { key, prefix } = await enterprise();
    const { deps } = t.service;
    const enterpriseId = `farm-${prefix}`;
    const receipt = await deps.ledger.recordEvents(
      { kind: 'enterprise', enterpriseId },
      { events: [{ eventID: `urn:uuid:${prefix}-R1`, event: commissioning(prefix, 'R1') }] },
    );
    const found = crypto.randomUUID();
    const lost = crypto.randomUUID();
    const old = new Date(Date.now() - 60_000);
    await insertJob(deps.knex, {
      id: found,
      behaviour: 'rollback',
      enterpriseId,
      eventIds: [`urn:uuid:${prefix}-R1`],
      eventCount: 1,
      errors: [],
      now: old,
    });
    await markSubmitted(deps.knex, found, receipt.txId);
    await insertJob(deps.knex, {
      id: lost,
      behaviour: 'rollback',
      enterpriseId,
      eventIds: [`urn:uuid:${prefix}-R2`],
      eventCount: 1,
      errors: [],
      now: old,
    });
    await markSubmitted(deps.knex, lost, 'f'.repeat(64));
    await reconcileCaptureJobs(deps);
    expect(await job(key, `/capture/${found}`)).toMatchObject({
      success: true,
      errors: [],
      ledger: { txId: receipt.txId, blockNumber: receipt.blockNumber },
    });
    expect(await job(key, `/capture/${lost}`)).toMatchObject({
      running: false,
      success: false,
      errors: [{ code: 'not-committed', message: expect.stringMatching(/not on the ledger 60 s later/) }],
    });
  });

  it('says indexed: false, pending, for a successful job whose block the index has not reached yet', async () => {
    const { key, prefix } = await enterprise();
    const { deps } = t.service;
    const id = crypto.randomUUID();
    await insertJob(deps.knex, {
      id,
      behaviour: 'rollback',
      enterpriseId: `farm-${prefix}`,
      eventIds: [`urn:uuid:${prefix}-I1`],
      eventCount: 1,
      errors: [],
      now: new Date(),
    });
    await finishJob(deps.knex, id, { status: 'success', errors: [], txId: 'e'.repeat(64), blockNumber: 1_000_000, now: new Date() });
    expect(await job(key, `/capture/${id}`)).toMatchObject({
      success: true,
      indexed: false,
      indexStatus: 'pending',
      ledger: { txId: 'e'.repeat(64), blockNumber: 1_000_000 },
    });
  });
});
