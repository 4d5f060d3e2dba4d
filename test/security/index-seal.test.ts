import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { ALL_PROJECTIONS } from '../../server/index/all-projections';
import { derivedTables } from '../../server/index/derived-tables';
import { checkIndex } from '../../server/index/index-check';
import { IndexSeal, setSealTriggers } from '../../server/index/index-seal';
import { rebuildIndex } from '../../server/index/rebuild';
import { buildChain, type Chain } from '../helpers/supply-chain';
import { backendName, registerEnterprise, startTestService, type TestService } from '../helpers/test-service';

const SETUP_TIMEOUT_MS = 240_000;
const CASE_TIMEOUT_MS = 60_000;

// The attacks of these tests come from an operator with the index database and without the service's
// data folder (where the seal's key is): they edit rows, with and without the triggers, and the seal.
describe(`GET /ledger/verify checks the index against its seal (${backendName()})`, () => {
  let t: TestService;
  let c: Chain;

  const raw = async <T>(sql: string, bindings: unknown[] = []): Promise<T[]> =>
    (await t.service.deps.knex.raw<{ rows: T[] }>(sql, bindings as never)).rows;
  const verify = async (): Promise<any> => {
    const res = await t.http.get('/ledger/verify').set('Authorization', `Bearer ${t.adminKey}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const settle = async (): Promise<void> => {
    const { deps } = t.service;
    expect(await deps.indexer.waitForHeight((await deps.ledger.info()).height)).toBe(true);
  };
  // Brings the index back to a sealed state after an attack: the full comparison reseals an index it finds equal.
  const reseal = async (): Promise<void> => {
    const body = await verify();
    expect(body.index).toMatchObject({ ok: true, method: 'compared', seal: { ok: false, resealed: true } });
    expect((await verify()).index).toMatchObject({ ok: true, method: 'sealed' });
  };
  const firstEvent = async (): Promise<{ id: string; bizStep: string | null }> => {
    const [row] = await raw<{ event_id: string; biz_step: string | null }>('select event_id, biz_step from events order by seq limit 1');
    return { id: row?.event_id ?? '', bizStep: row?.biz_step ?? null };
  };

  beforeAll(async () => {
    t = await startTestService();
    c = await buildChain(t, 57);
    await settle();
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await t?.close();
  });

  it('hashes a row into the two lanes of its keyed MD5 (the first and second 64 bits, signed), as every seal since the first', async () => {
    const digest = crypto.createHash('md5').update('key\nrow text ✓').digest();
    const [lanes] = await raw<{ a: string; b: string }>('select a::text, b::text from suyuan_row_lanes(?, ?)', ['key', 'row text ✓']);
    expect(lanes).toEqual({ a: digest.readBigInt64BE(0).toString(), b: digest.readBigInt64BE(8).toString() });
  });

  it('has the seal triggers on every derived table', async () => {
    const rows = await raw<{ table: string; n: number }>(
      `select c.relname as table, count(*)::int as n from pg_trigger g join pg_class c on c.oid = g.tgrelid
       where g.tgname like 'suyuan_seal_%' and c.relnamespace = current_schema()::regnamespace group by c.relname`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.table, r.n]))).toEqual(Object.fromEntries(derivedTables().map((table) => [table, 3])));
  });

  it(
    'answers from the seal, with one scan of each table, when the indexer wrote every row',
    async () => {
      const body = await verify();
      expect(body).toMatchObject({ ok: true, index: { ok: true, method: 'sealed', seal: { ok: true, origin: 'indexer' }, drift: [] } });
      const events = (await raw<{ n: number }>('select count(*)::int as n from events'))[0]?.n;
      expect(body.index.checkedEvents).toBe(events);
      expect(await raw('select * from index_digest_delta')).toEqual([]);
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'keeps the seal through a later write that updates a row the indexer wrote before (an error declaration)',
    async () => {
      const { id } = await firstEvent();
      const [ev] = await raw<{ doc: any }>('select doc from events where event_id = ?', [id]);
      const declared = { ...ev?.doc, errorDeclaration: { declarationTime: '2026-09-05T00:00:00Z', reason: 'incorrect_data' } };
      delete declared.recordTime;
      const res = await t.http.post('/events').set('Authorization', `Bearer ${c.members.farmA.key}`).send(declared);
      expect([200, 201]).toContain(res.status);
      await settle();
      expect((await verify()).index).toMatchObject({ ok: true, method: 'sealed' });
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'sees a row altered through SQL: the write left its trace, and the full comparison names the row',
    async () => {
      const { id, bizStep } = await firstEvent();
      await raw(`update events set biz_step = 'forged' where event_id = ?`, [id]);
      const body = await verify();
      expect(body.index).toMatchObject({
        ok: false,
        method: 'compared',
        seal: { ok: false, reason: expect.stringMatching(/outside the indexer/) },
      });
      expect(body.index.drift).toEqual([expect.objectContaining({ table: 'events', id })]);
      await raw(`update events set biz_step = ? where event_id = ?`, [bizStep, id]);
      await reseal();
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'sees a row altered with the triggers switched off (no trace): the sums differ',
    async () => {
      const { id, bizStep } = await firstEvent();
      await t.service.deps.knex.transaction(async (trx) => {
        await trx.raw(`set local session_replication_role = replica`);
        await trx.raw(`update events set biz_step = 'forged' where event_id = ?`, [id]);
      });
      expect(await raw('select * from index_digest_delta')).toEqual([]);
      const body = await verify();
      expect(body.index).toMatchObject({ ok: false, method: 'compared', seal: { reason: 'rows differ from the seal in events' } });
      expect(body.index.drift).toEqual([expect.objectContaining({ table: 'events', id })]);
      await t.service.deps.knex.transaction(async (trx) => {
        await trx.raw(`set local session_replication_role = replica`);
        await trx.raw(`update events set biz_step = ? where event_id = ?`, [bizStep, id]);
      });
      expect((await verify()).index).toMatchObject({ ok: true, method: 'sealed' });
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'refuses a seal rewritten to match altered rows: its HMAC needs the key',
    async () => {
      const { id } = await firstEvent();
      await t.service.deps.knex.transaction(async (trx) => {
        await trx.raw(`set local session_replication_role = replica`);
        await trx.raw(`delete from custody where event_seq = (select seq from events where event_id = ?)`, [id]);
      });
      // The attacker recomputes the sums the only way open to them: with the lanes function and a key guessed.
      await raw(
        `update index_seal set sums = jsonb_set(sums, '{custody,n}', to_jsonb(((sums->'custody'->>'n')::bigint - 1)::text)) where name = 'index'`,
      );
      const body = await verify();
      expect(body.index).toMatchObject({ ok: false, method: 'compared', seal: { reason: expect.stringMatching(/HMAC/) } });
      expect(body.index.drift.map((d: { table: string }) => d.table)).toContain('custody');
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'seals again from the empty index when the index is rebuilt with the service key',
    async () => {
      const { deps } = t.service;
      await deps.indexer.close();
      await rebuildIndex({
        knex: deps.knex,
        ledger: deps.ledger,
        projections: ALL_PROJECTIONS,
        logger: pino({ level: 'silent' }),
        seal: deps.indexSeal,
      });
      const [seal] = await raw<{ state: string; origin: string }>(`select state, origin from index_seal`);
      expect(seal).toEqual({ state: 'sealed', origin: 'indexer' });
      expect((await verify()).index).toMatchObject({ ok: true, method: 'sealed' });
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'does not trust a seal made with another key, and seals again once the full comparison finds nothing',
    async () => {
      const other = fs.mkdtempSync(path.join(t.dataDir, 'other-key-'));
      const stranger = IndexSeal.load(other);
      const body = await checkWith(stranger);
      expect(body).toMatchObject({
        ok: true,
        method: 'compared',
        seal: { ok: false, reason: expect.stringMatching(/HMAC/), resealed: true },
      });
      expect(await checkWith(stranger)).toMatchObject({ ok: true, method: 'sealed' });
      // and the service's own key no longer holds until it is compared and sealed again
      expect((await verify()).index).toMatchObject({ method: 'compared', seal: { resealed: true } });
    },
    CASE_TIMEOUT_MS,
  );

  const checkWith = (seal: IndexSeal): Promise<unknown> => checkIndex({ ...t.service.deps, indexSeal: seal });

  it('keeps the key in the data folder, readable by the service alone, and the same across restarts', () => {
    const file = path.join(t.dataDir, 'index-seal.key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const again = IndexSeal.load(t.dataDir);
    expect(again).toBeInstanceOf(IndexSeal);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe(`INDEX_SEAL=false (${backendName()})`, () => {
  let t: TestService;

  beforeAll(async () => {
    t = await startTestService({ INDEX_SEAL: 'false' });
    await registerEnterprise(t, { id: 'unsealed-farm', companyPrefixes: ['6970001'] });
    const { deps } = t.service;
    expect(await deps.indexer.waitForHeight((await deps.ledger.info()).height)).toBe(true);
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await t?.close();
  });

  it(
    'switches the triggers off, keeps no seal and no key, and checks the index by comparing it with the ledger',
    async () => {
      const { knex } = t.service.deps;
      const enabled = await knex.raw<{ rows: Array<{ n: number }> }>(
        `select count(*)::int as n from pg_trigger where tgname like 'suyuan_seal_%' and tgenabled <> 'D'`,
      );
      expect(enabled.rows[0]?.n).toBe(0);
      expect(fs.existsSync(path.join(t.dataDir, 'index-seal.key'))).toBe(false);
      const body = (await t.http.get('/ledger/verify').set('Authorization', `Bearer ${t.adminKey}`)).body;
      expect(body.index).toMatchObject({ ok: true, method: 'compared', seal: { ok: false, reason: 'the service keeps no index seal' } });
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'switched on again, seals the index at its first verification',
    async () => {
      const { knex } = t.service.deps;
      await setSealTriggers(knex, true);
      const seal = IndexSeal.load(t.dataDir);
      expect(await checkIndex({ ...t.service.deps, indexSeal: seal })).toMatchObject({
        ok: true,
        method: 'compared',
        seal: { reason: 'the index is not sealed yet', resealed: true },
      });
      expect(await checkIndex({ ...t.service.deps, indexSeal: seal })).toMatchObject({ ok: true, method: 'sealed' });
    },
    CASE_TIMEOUT_MS,
  );
});
