import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { encodeBlockLine, parseBlockLine } from '../../server/ledger/embedded/block-codec';
import { EmbeddedLedger } from '../../server/ledger/embedded/embedded-ledger';
import { Indexer } from '../../server/index/indexer';
import { ALL_PROJECTIONS } from '../../server/index/all-projections';
import { tableDigests } from '../../server/index/index-digest';
import { rebuildIndex } from '../../server/index/rebuild';
import { INDEX_TABLES } from '../../server/db/migrations';
import { openService } from '../../server/service';
import { backendName, registerEnterprise, startTestService, type TestService } from '../helpers/test-service';
import { epcisDocument, gtin, lotId, uniquePrefix } from '../helpers/gs1';

const silent = pino({ level: 'silent' });

function observe(prefix: string, n: number, bizStep = 'receiving'): object[] {
  return Array.from({ length: n }, (_, i) => ({
    type: 'ObjectEvent',
    eventTime: `2026-05-01T08:${String(i % 60).padStart(2, '0')}:00Z`,
    eventTimeZoneOffset: '+00:00',
    action: 'OBSERVE',
    quantityList: [{ epcClass: lotId(gtin(prefix, 1), `L${i}`), quantity: i + 1, uom: 'KGM' }],
    bizStep,
  }));
}

async function captureAll(t: TestService, key: string, events: object[]): Promise<void> {
  const res = await t.http.post('/capture').set('Authorization', `Bearer ${key}`).send(epcisDocument(events));
  expect(res.status).toBe(202);
  for (let i = 0; i < 400; i++) {
    const job = await t.http.get(res.headers.location as string).set('Authorization', `Bearer ${key}`);
    if (!job.body.running) return expect(job.body.success).toBe(true);
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('capture did not finish');
}

describe(`the embedded ledger and its index (${backendName()})`, () => {
  let t: TestService;
  let key: string;
  let prefix: string;
  beforeAll(async () => {
    t = await startTestService();
    prefix = uniquePrefix();
    key = await registerEnterprise(t, { id: `ent-${prefix}`, companyPrefixes: [prefix] });
    await captureAll(t, key, observe(prefix, 30));
    await captureAll(
      t,
      key,
      observe(prefix, 5, 'shipping').map((e, i) => ({ ...e, eventTime: `2026-05-02T08:0${i}:00Z` })),
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('reports its mode, height and head hash, and how far the index has caught up', async () => {
    const res = await t.http.get('/ledger');
    expect(res.body).toMatchObject({ mode: 'embedded', height: expect.any(Number), headHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(res.body.index).toMatchObject({ ledgerHeight: res.body.height, caughtUp: true });
  });

  it('shows a transaction with its block, position, creator and signature', async () => {
    const event = (await t.http.get('/events').query({ perPage: 1 }).set('Authorization', `Bearer ${key}`)).body.epcisBody.queryResults
      .resultsBody.eventList[0];
    const row = await t.service.deps.knex('events').where({ event_id: event.eventID }).first();
    if (!row) throw new Error(`event ${event.eventID} is not in the index`);
    const tx = await t.http.get(`/ledger/tx/${row.tx_id}`);
    expect(tx.status).toBe(200);
    expect(tx.body).toMatchObject({
      txId: row.tx_id,
      blockNumber: Number(row.block_number),
      fn: 'RecordEvents',
      creator: { mspId: 'SuyuanEmbeddedMSP', id: expect.stringContaining(`enterprise:ent-${prefix}`) },
      signature: expect.any(String),
    });
  });

  it('verifies the whole chain, its signatures and the index', async () => {
    const res = await t.http.get('/ledger/verify').set('Authorization', `Bearer ${t.adminKey}`);
    expect(res.body).toMatchObject({ ok: true, chain: { ok: true }, index: { ok: true, checkedEvents: 35 } });
  });

  it('groups concurrent submissions into shared blocks', async () => {
    const before = (await t.service.deps.ledger.info()).height;
    const signer = { kind: 'enterprise' as const, enterpriseId: `ent-${prefix}` };
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.service.deps.ledger.recordEvents(signer, {
          events: [{ eventID: `urn:uuid:group-${prefix}-${i}`, event: observe(prefix, 1, 'storing')[0] as Record<string, unknown> }],
        }),
      ),
    );
    const after = (await t.service.deps.ledger.info()).height;
    expect(after - before).toBeLessThan(20);
    expect(after - before).toBeGreaterThan(0);
  });

  it('rebuilds the index from the ledger into exactly the same rows', async () => {
    const { deps } = t.service;
    await deps.indexer.waitForHeight((await deps.ledger.info()).height);
    const before = await tableDigests(deps.knex);
    await deps.indexer.close();
    await rebuildIndex({ knex: deps.knex, ledger: deps.ledger, projections: ALL_PROJECTIONS, logger: silent });
    expect(await tableDigests(deps.knex)).toEqual(before);
  });

  it('resumes an indexer killed mid-stream from its checkpoint with no duplicate and no gap', async () => {
    const { deps } = t.service;
    const expected = await tableDigests(deps.knex);
    const { height } = await deps.ledger.info();
    await deps.knex.raw(`truncate ${INDEX_TABLES.join(', ')}`);
    let applied = 0;
    const crashing = new Indexer({
      knex: deps.knex,
      ledger: deps.ledger,
      projections: ALL_PROJECTIONS,
      logger: silent,
      retryDelayMs: 60000,
      beforeCommit: () => {
        applied += 1;
        if (applied === 4) throw new Error('simulated crash between blocks');
      },
    });
    crashing.start();
    while (!crashing.lastError) await new Promise((r) => setTimeout(r, 10));
    const stoppedAt = crashing.position;
    await crashing.close();
    expect(stoppedAt.blockNumber).toBeLessThan(height);

    const resumed = new Indexer({ knex: deps.knex, ledger: deps.ledger, projections: ALL_PROJECTIONS, logger: silent });
    resumed.start();
    expect(await resumed.waitForHeight(height)).toBe(true);
    await resumed.close();
    expect(await tableDigests(deps.knex)).toEqual(expected);
  });
});

describe(`tamper evidence (${backendName()})`, () => {
  let t: TestService;
  let key: string;
  beforeAll(async () => {
    t = await startTestService();
    const prefix = uniquePrefix();
    key = await registerEnterprise(t, { id: `ent-${prefix}`, companyPrefixes: [prefix] });
    await captureAll(t, key, observe(prefix, 3));
  });
  afterAll(async () => {
    await t.close();
  });

  it('reports an altered index row as drift, naming the row', async () => {
    const row = await t.service.deps.knex('events').first('event_id');
    if (!row) throw new Error('no event in the index');
    await t.service.deps
      .knex('events')
      .where({ event_id: row.event_id })
      .update({ doc: t.service.deps.knex.raw(`jsonb_set(doc, '{bizStep}', '"shipping"')`) });
    const res = await t.http.get('/ledger/verify').set('Authorization', `Bearer ${t.adminKey}`);
    expect(res.body.ok).toBe(false);
    expect(res.body.chain.ok).toBe(true);
    expect(res.body.index.drift).toEqual([expect.objectContaining({ table: 'events', id: row.event_id })]);
  });

  it('names the block whose stored bytes were changed, and refuses to open that chain', async () => {
    const file = path.join(t.dataDir, 'ledger', 'blocks.jsonl');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const target = lines.findIndex((l) => l !== '' && parseBlockLine(l).txs.some((tx) => tx.args.includes('receiving')));
    const block = parseBlockLine(lines[target] ?? '');
    const before = Buffer.byteLength(lines[target] ?? '');
    lines[target] = encodeBlockLine({ ...block, txs: block.txs.map((tx) => ({ ...tx, args: tx.args.replace('receiving', 'receivinG') })) });
    fs.writeFileSync(file, lines.join('\n'));
    const res = await t.http.get('/ledger/verify').set('Authorization', `Bearer ${t.adminKey}`);
    // The body is stored deflated: if the edit changed the line's length, the running service reads it where it no longer ends.
    const reason = Buffer.byteLength(lines[target] ?? '') === before ? /data hash/ : /stored block is not valid JSON/;
    expect(res.body.chain).toMatchObject({ ok: false, firstBadBlock: { number: target, reason: expect.stringMatching(reason) } });
    // A copy without its state store, so every block is checked again (the live folder is the running service's).
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'suyuan-ledger-copy-'));
    try {
      fs.cpSync(path.join(t.dataDir, 'ledger'), copy, { recursive: true, filter: (src) => path.basename(src) !== 'store' });
      await expect(EmbeddedLedger.open({ dir: copy, logger: { warn: () => undefined } })).rejects.toThrow(
        new RegExp(`ledger block ${target}`),
      );
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe(`restart (${backendName()})`, () => {
  it('keeps every acknowledged record across a restart', async () => {
    const t = await startTestService();
    const prefix = uniquePrefix();
    const key = await registerEnterprise(t, { id: `ent-${prefix}`, companyPrefixes: [prefix] });
    await captureAll(t, key, observe(prefix, 4));
    const height = (await t.service.deps.ledger.info()).height;
    await t.service.close();
    const again = await openService(t.config, silent);
    try {
      expect((await again.deps.ledger.info()).height).toBe(height);
      expect(await again.deps.indexer.waitForHeight(height)).toBe(true);
      const count = await again.deps.knex('events').count<{ count: string }[]>({ count: '*' });
      expect(Number(count[0]?.count)).toBe(4);
      expect((await again.deps.ledger.verify()).ok).toBe(true);
    } finally {
      await again.close();
      await t.close().catch(() => undefined);
    }
  });
});

describe(`planner statistics after a large batch (${backendName()})`, () => {
  it('refreshes them once the indexed volume passes INDEX_ANALYZE_AFTER_BYTES', async () => {
    const t = await startTestService({ INDEX_ANALYZE_AFTER_BYTES: '1' });
    try {
      const prefix = uniquePrefix();
      const key = await registerEnterprise(t, { id: `ent-${prefix}`, companyPrefixes: [prefix] });
      await captureAll(t, key, observe(prefix, 40));
      // ANALYZE sets the row estimate; plain inserts leave it unknown (-1 on a table never analysed).
      const estimate = async (): Promise<number> =>
        Number(
          (await t.service.deps.knex.raw<{ rows: Array<{ reltuples: string }> }>("SELECT reltuples FROM pg_class WHERE relname = 'events'"))
            .rows[0]?.reltuples,
        );
      for (let i = 0; i < 100 && (await estimate()) < 40; i++) await new Promise((r) => setTimeout(r, 50));
      expect(await estimate()).toBeGreaterThanOrEqual(40);
    } finally {
      await t.close();
    }
  });
});
