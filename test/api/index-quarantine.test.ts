import crypto from 'node:crypto';
import type { Knex } from 'knex';
import pino from 'pino';
import { ALL_PROJECTIONS } from '../../server/index/all-projections';
import type { Projections } from '../../server/index/projections';
import type { LedgerEventPayloads } from '../../chaincode/src/core/ledger-events';
import { rebuildIndex } from '../../server/index/rebuild';
import type { LedgerEvent } from '../../server/ledger/trace-ledger';
import { backendName, registerEnterprise, regulatorKey, startTestService, type TestService } from '../helpers/test-service';
import { gtin, lotId, uniquePrefix } from '../helpers/gs1';

// Starting a service and recording fixtures can take minutes on a loaded machine.
const SETUP_TIMEOUT_MS = 240_000;
const INDEX_WAIT_MS = 3000;
const SLOW_MS = 6000;

type Payload = LedgerEventPayloads['EventsRecorded'];

/**
 * The real projections, except for events whose eventID names a poison: the chaincode's bounds
 * keep such values off the ledger, so the failures a stored event could cause are provoked here.
 */
async function poisoned(trx: Knex.Transaction, at: LedgerEvent, payload: Payload): Promise<void> {
  const ids = payload.events.map((e) => e.eventID).join(' ');
  // A quantity past numeric(20,6): SQLSTATE 22003.
  if (ids.includes('poison-numeric')) await trx.raw('select ?::numeric(20,6)', ['1e15']);
  // A 4,000-character incompressible key: SQLSTATE 54000, index row size exceeds the B-tree maximum.
  if (ids.includes('poison-btree'))
    await trx('recall_lots').insert({
      recall_id: crypto.randomBytes(3000).toString('base64'),
      lot_id: 'x',
    });
  if (ids.includes('poison-slow')) await new Promise((r) => setTimeout(r, SLOW_MS));
  // The payload as an older chaincode could have stored it: the projection's own checks refuse it (INVALID).
  const events = ids.includes('poison-rule')
    ? payload.events.map((e) => ({ ...e, event: { ...e.event, quantityList: [{ epcClass: 'urn:x-test:class', quantity: 1e15 }] } }))
    : payload.events;
  await ALL_PROJECTIONS.EventsRecorded?.(trx, at, { ...payload, events });
}
const PROJECTIONS: Projections = { ...ALL_PROJECTIONS, EventsRecorded: poisoned };

describe(`an event the index cannot hold is quarantined, not retried forever (${backendName()})`, () => {
  let t: TestService;
  let enterpriseId: string;
  let key: string;
  let regulator: string;
  const prefix = uniquePrefix();
  const g = gtin(prefix, 3);
  const event = (lot: string): Record<string, unknown> => ({
    type: 'ObjectEvent',
    eventTime: '2026-05-01T08:00:00Z',
    eventTimeZoneOffset: '+08:00',
    action: 'OBSERVE',
    quantityList: [{ epcClass: lotId(g, lot), quantity: 2, uom: 'KGM' }],
    bizStep: 'receiving',
  });
  const record = (eventID: string, lot: string): Promise<unknown> =>
    t.service.deps.ledger.recordEvents({ kind: 'enterprise', enterpriseId }, { events: [{ eventID, event: event(lot) }] });
  const auth = (k: string): [string, string] => ['Authorization', `Bearer ${k}`];

  beforeAll(async () => {
    t = await startTestService({ INDEX_WAIT_MS: String(INDEX_WAIT_MS) }, { projections: PROJECTIONS });
    enterpriseId = `q-${prefix}`;
    key = await registerEnterprise(t, { id: enterpriseId, companyPrefixes: [prefix] });
    regulator = await regulatorKey(t);
    // Poison and healthy transactions side by side, so they share blocks and indexer batches.
    await Promise.all([
      record('urn:uuid:poison-numeric-1', 'N1'),
      record('urn:uuid:good-1', 'G1'),
      record('urn:uuid:poison-btree-1', 'B1'),
      record('urn:uuid:good-2', 'G2'),
      record('urn:uuid:poison-rule-1', 'R1'),
      record('urn:uuid:good-3', 'G3'),
    ]);
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await t?.close();
  });

  async function caughtUp(): Promise<Record<string, unknown>> {
    for (let i = 0; i < 600; i++) {
      const res = await t.http.get('/ledger');
      if (res.body.index.caughtUp) return res.body.index as Record<string, unknown>;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the index did not catch up');
  }

  it('moves past the failing events, indexes the healthy ones beside them, and reports the count', async () => {
    expect(await caughtUp()).toMatchObject({ caughtUp: true, quarantined: 3 });
    for (const id of ['urn:uuid:good-1', 'urn:uuid:good-2', 'urn:uuid:good-3'])
      expect((await t.http.get(`/events/${encodeURIComponent(id)}`).set(...auth(key))).status).toBe(200);
    expect((await t.http.get(`/events/${encodeURIComponent('urn:uuid:poison-btree-1')}`).set(...auth(key))).status).toBe(404);
  });

  it('lists them for regulators and admins with the database error, and no one else', async () => {
    const res = await t.http.get('/ledger/quarantine').set(...auth(regulator));
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(3);
    const byId = new Map(
      (res.body.events as Array<{ eventIds: string[]; errorCode: string; eventName: string; txId: string }>).map((e) => [e.eventIds[0], e]),
    );
    expect(byId.get('urn:uuid:poison-numeric-1')).toMatchObject({
      errorCode: '22003',
      eventName: 'EventsRecorded',
      txId: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(byId.get('urn:uuid:poison-btree-1')).toMatchObject({ errorCode: '54000' });
    expect(byId.get('urn:uuid:poison-rule-1')).toMatchObject({ errorCode: 'INVALID' });
    expect((await t.http.get('/ledger/quarantine').set(...auth(t.adminKey))).status).toBe(200);
    expect((await t.http.get('/ledger/quarantine').set(...auth(key))).status).toBe(403);
    expect((await t.http.get('/ledger/quarantine')).status).toBe(401);
  });

  it('stays ready but degraded, and exports the gauge', async () => {
    const ready = await t.http.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'degraded', index: { quarantined: 3 } });
    const metrics = await t.http.get('/metrics');
    expect(metrics.text).toMatch(/^suyuan_index_quarantined_events 3$/m);
  });

  it('indexes later writes and answers them 201 indexed', async () => {
    const res = await t.http
      .post('/events')
      .set(...auth(key))
      .send({ ...event('L1'), eventID: 'urn:uuid:later-1' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ indexed: true });
    expect((await t.http.get(`/events/${encodeURIComponent('urn:uuid:later-1')}`).set(...auth(key))).status).toBe(200);
  });

  it('answers 202 indexed: false when the write was quarantined', async () => {
    const res = await t.http
      .post('/events')
      .set(...auth(key))
      .send({ ...event('L2'), eventID: 'urn:uuid:poison-numeric-2' });
    expect(res.status).toBe(202);
    expect(res.headers['suyuan-index']).toBe('quarantined');
    expect(res.body).toMatchObject({
      eventID: 'urn:uuid:poison-numeric-2',
      indexed: false,
      indexStatus: 'quarantined',
      txId: expect.any(String),
    });
  });

  it('answers 202 indexed: false when the index does not have the write within INDEX_WAIT_MS, and indexes it later', async () => {
    const res = await t.http
      .post('/events')
      .set(...auth(key))
      .send({ ...event('L3'), eventID: 'urn:uuid:poison-slow-1' });
    expect(res.status).toBe(202);
    expect(res.headers['suyuan-index']).toBe('pending');
    expect(res.body).toMatchObject({ indexed: false, indexStatus: 'pending' });
    expect(await caughtUp()).toMatchObject({ quarantined: 4 });
    expect((await t.http.get(`/events/${encodeURIComponent('urn:uuid:poison-slow-1')}`).set(...auth(key))).status).toBe(200);
  }, 60_000);

  it('lets index rebuild finish and report the quarantined events instead of hanging', async () => {
    const { deps } = t.service;
    await deps.indexer.close();
    const result = await rebuildIndex({
      knex: deps.knex,
      ledger: deps.ledger,
      projections: PROJECTIONS,
      logger: pino({ level: 'silent' }),
    });
    expect(result.quarantined).toBe(4);
    expect(result.firstQuarantined.map((q) => q.eventIds[0]).sort()).toEqual([
      'urn:uuid:poison-btree-1',
      'urn:uuid:poison-numeric-1',
      'urn:uuid:poison-numeric-2',
      'urn:uuid:poison-rule-1',
    ]);
    expect(await deps.knex('events').where({ event_id: 'urn:uuid:later-1' }).first()).toBeDefined();
  }, 120_000);

  it('registers an enterprise and issues its first key even when the index has not caught up (the indexer is closed above)', async () => {
    const wait = jest.spyOn(t.service.deps.indexer, 'waitForTx').mockResolvedValue(false);
    try {
      const other = uniquePrefix();
      const res = await t.http
        .post('/admin/enterprises')
        .set(...auth(t.adminKey))
        .send({ id: `lagging-${other}`, name: 'Lagging index farm', companyPrefixes: [other] });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ enterprise: { id: `lagging-${other}` }, apiKey: expect.any(String) });
      expect(
        await t.service.deps
          .knex('enterprises')
          .where({ id: `lagging-${other}` })
          .first(),
      ).toBeUndefined();
      expect(
        await t.service.deps
          .knex('api_keys')
          .where({ enterprise_id: `lagging-${other}` })
          .first(),
      ).toBeDefined();
    } finally {
      wait.mockRestore();
    }
  });
});
