import '../helpers/quiet-fabric';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { status } from '@grpc/grpc-js';
import { addJobTransaction, insertJob } from '../../server/features/epcis/capture-job-queries';
import { reconcileCaptureJobs } from '../../server/features/epcis/capture-service';
import { enterpriseIdentityName, Wallet } from '../../server/ledger/gateway/wallet';
import { fabricDoubleEnv, FakeGateway } from '../helpers/fake-gateway';
import { epcisDocument, gln, glnId, gtin, itemId, uniquePrefix } from '../helpers/gs1';
import { MemoryFabric } from '../helpers/memory-fabric';
import { testIdentity } from '../helpers/test-identities';
import { registerEnterprise, startTestService, type TestService } from '../helpers/test-service';

interface Job {
  running: boolean;
  success: boolean;
  errors: Array<{ index: number; code: string; message: string }>;
  duplicates: Array<{ index: number }>;
  ledger?: { txId: string; blockNumber: number | null };
  parts?: number;
  transactions?: Array<{ txId: string; blockNumber: number }>;
}

const PER_TX = 2;

function event(prefix: string, serial: string, action: 'ADD' | 'OBSERVE'): Record<string, unknown> {
  const site = glnId(gln(prefix, 1));
  return {
    type: 'ObjectEvent',
    eventTime: `2026-05-01T08:00:0${action === 'ADD' ? 0 : 1}.000+08:00`,
    eventTimeZoneOffset: '+08:00',
    action,
    epcList: [itemId(gtin(prefix, 1), serial)],
    bizStep: action === 'ADD' ? 'commissioning' : 'inspecting',
    disposition: 'active',
    readPoint: { id: site },
  };
}

describe(`POST /capture of a document larger than one Fabric transaction (FABRIC_TX_MAX_EVENTS=${PER_TX}, an orderer that refuses larger ones)`, () => {
  let fake: FakeGateway;
  let wallet: Wallet;
  let t: TestService;

  async function enterprise(): Promise<{ key: string; prefix: string; id: string }> {
    const prefix = uniquePrefix();
    const id = `farm-${prefix}`;
    wallet.put(enterpriseIdentityName(id), await testIdentity(enterpriseIdentityName(id)));
    return { key: await registerEnterprise(t, { id, companyPrefixes: [prefix] }), prefix, id };
  }

  async function settled(key: string, location: string): Promise<Job> {
    for (let i = 0; i < 400; i++) {
      const res = await t.http.get(location).set('Authorization', `Bearer ${key}`);
      expect(res.status).toBe(200);
      const body = res.body as Job;
      if (!body.running) return body;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('capture job did not finish');
  }

  async function capture(key: string, events: object[], behaviour = 'proceed'): Promise<string> {
    const res = await t.http
      .post('/capture')
      .set('Authorization', `Bearer ${key}`)
      .set('GS1-Capture-Error-Behaviour', behaviour)
      .send(epcisDocument(events));
    expect(res.status).toBe(202);
    return res.headers.location as string;
  }

  beforeAll(async () => {
    fake = await FakeGateway.start(new MemoryFabric());
    wallet = new Wallet(fs.mkdtempSync(path.join(os.tmpdir(), 'suyuan-wallet-')));
    wallet.put('admin', await testIdentity('Admin@enterprise', 'EnterpriseMSP', 'admin'));
    wallet.put('regulator', await testIdentity('User1@regulator', 'RegulatorMSP'));
    t = await startTestService({
      ...fabricDoubleEnv(fake, wallet.dir),
      FABRIC_SUBMIT_ATTEMPTS: '2',
      FABRIC_RETRY_BASE_MS: '5',
      FABRIC_TX_MAX_EVENTS: String(PER_TX),
      CAPTURE_RECONCILE_MS: '1000',
    });
    // The orderer takes a transaction of PER_TX of these events, with a margin, and refuses more.
    const { key, prefix } = await enterprise();
    const before = fake.submittedBytes.length;
    await settled(key, await capture(key, [event(prefix, 'CAL1', 'ADD'), event(prefix, 'CAL2', 'ADD')]));
    fake.ordererMaxBytes = Math.round(Math.max(...fake.submittedBytes.slice(before)) * 1.2);
  });

  afterAll(async () => {
    await t.close();
    await fake.close();
    fs.rmSync(wallet.dir, { recursive: true, force: true });
  });

  it('the orderer of this suite refuses a transaction of more than PER_TX events (what a document in one transaction would hit)', async () => {
    const { prefix } = await enterprise();
    const events = Array.from({ length: PER_TX + 3 }, (_, i) => ({
      eventID: `urn:uuid:${prefix}-one-${i}`,
      event: event(prefix, `ONE${i}`, 'ADD'),
    }));
    await expect(t.service.deps.ledger.recordEvents({ kind: 'enterprise', enterpriseId: `farm-${prefix}` }, { events })).rejects.toThrow(
      /exceeds maximum allowed/,
    );
  });

  async function ledgerStageCount(): Promise<number> {
    const metrics = (await t.http.get('/metrics')).text;
    return Number(/^suyuan_capture_stage_seconds_count\{stage="ledger"\} (\d+)$/m.exec(metrics)?.[1] ?? 0);
  }

  it('records a proceed document part by part under one job: each part its own transaction, later parts building on earlier ones', async () => {
    const { key, prefix } = await enterprise();
    const doc = [
      event(prefix, 'A1', 'ADD'),
      event(prefix, 'A2', 'ADD'),
      event(prefix, 'A3', 'ADD'),
      event(prefix, 'A1', 'OBSERVE'),
      event(prefix, 'A2', 'OBSERVE'),
    ];
    const before = await ledgerStageCount();
    const done = await settled(key, await capture(key, doc));
    expect(done).toMatchObject({ success: true, errors: [], duplicates: [], parts: 3 });
    // Each part is a transaction of its own, timed on the ledger and in the index.
    expect((await ledgerStageCount()) - before).toBe(3);
    const txs = done.transactions ?? [];
    expect(txs).toHaveLength(3);
    expect(new Set(txs.map((x) => x.txId)).size).toBe(3);
    expect(txs.map((x) => x.blockNumber)).toEqual([...txs.map((x) => x.blockNumber)].sort((a, b) => a - b));
    expect(done.ledger).toEqual(txs[2]);
    // Sent again: every event is on the ledger already, in each of the three parts.
    const again = await settled(key, await capture(key, doc));
    expect(again).toMatchObject({ success: true, errors: [], parts: 3 });
    expect(again.duplicates.map((d) => d.index)).toEqual([0, 1, 2, 3, 4]);
  });

  it('refuses a rollback document larger than one transaction with 413 before accepting it, and advertises the limit', async () => {
    const { key, prefix } = await enterprise();
    const doc = Array.from({ length: PER_TX + 1 }, (_, i) => event(prefix, `B${i}`, 'ADD'));
    const res = await t.http.post('/capture').set('Authorization', `Bearer ${key}`).send(epcisDocument(doc));
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.detail).toMatch(/needs 2 transactions.*at most 2 events.*GS1-Capture-Error-Behaviour: proceed/);
    const options = await t.http.options('/capture').set('Authorization', `Bearer ${key}`);
    expect(options.headers['gs1-epcis-capture-limit']).toBe(String(PER_TX));
    // Nothing of it was recorded: the same events alone are new, not duplicates.
    const alone = await settled(key, await capture(key, doc.slice(0, PER_TX), 'rollback'));
    expect(alone).toMatchObject({ success: true, duplicates: [] });
    expect(alone.parts).toBeUndefined();
  });

  it('looks a part whose commit status was lost up by its transaction id, then records the parts after it', async () => {
    const { key, prefix } = await enterprise();
    fake.failNext({ stage: 'commitStatus', code: status.DEADLINE_EXCEEDED, message: 'context deadline exceeded' });
    const doc = [event(prefix, 'C1', 'ADD'), event(prefix, 'C2', 'ADD'), event(prefix, 'C1', 'OBSERVE')];
    const done = await settled(key, await capture(key, doc));
    expect(done).toMatchObject({ success: true, errors: [], parts: 2 });
    expect(done.transactions).toHaveLength(2);
  });

  it('fails only the events of a part the network refuses; the other parts are recorded and the job lists what was not', async () => {
    const { key, prefix } = await enterprise();
    fake.failNext({
      stage: 'submit',
      code: status.ABORTED,
      message: 'received unsuccessful response from orderer: status=SERVICE_UNAVAILABLE',
    });
    const doc = Array.from({ length: 5 }, (_, i) => event(prefix, `D${i}`, 'ADD'));
    const done = await settled(key, await capture(key, doc));
    expect(done).toMatchObject({ success: false, parts: 3 });
    expect(done.errors.map((e) => e.index)).toEqual([0, 1]);
    expect(done.errors[0]?.message).toMatch(/part 1\/3 failed/);
    expect(done.transactions).toHaveLength(2);
    const again = await settled(key, await capture(key, doc));
    expect(again).toMatchObject({ success: true });
    expect(again.duplicates.map((d) => d.index)).toEqual([2, 3, 4]);
  });

  it('settles a job in parts that a restart interrupted event by event: recorded, duplicate, or interrupted', async () => {
    const { key, prefix, id } = await enterprise();
    const { deps } = t.service;
    const ids = [0, 1, 2].map((i) => `urn:uuid:${prefix}-E${i}`);
    const earlier = await deps.ledger.recordEvents(
      { kind: 'enterprise', enterpriseId: id },
      { events: [{ eventID: ids[0] ?? '', event: event(prefix, 'E0', 'ADD') }] },
    );
    const jobId = crypto.randomUUID();
    await insertJob(deps.knex, {
      id: jobId,
      behaviour: 'proceed',
      enterpriseId: id,
      eventIds: ids,
      eventCount: 3,
      errors: [],
      parts: 3,
      now: new Date(Date.now() + 5000),
    });
    const part = await deps.ledger.recordEvents(
      { kind: 'enterprise', enterpriseId: id },
      { events: [{ eventID: ids[1] ?? '', event: event(prefix, 'E1', 'ADD') }] },
    );
    await addJobTransaction(deps.knex, jobId, { txId: part.txId, blockNumber: part.blockNumber });
    await reconcileCaptureJobs(deps);
    const done = await settled(key, `/capture/${jobId}`);
    expect(earlier.txId).not.toBe(part.txId);
    expect(done).toMatchObject({
      running: false,
      success: false,
      parts: 3,
      errors: [{ index: 2, code: 'interrupted' }],
      ledger: { txId: part.txId, blockNumber: part.blockNumber },
    });
    expect(done.duplicates).toEqual([{ index: 0, eventID: ids[0] }]);
  });
});
