import { ALL_PROJECTIONS } from '../../server/index/all-projections';
import { readCheckpoint } from '../../server/index/checkpoint-queries';
import { INDEXER_BOOKKEEPING, derivedTables } from '../../server/index/derived-tables';
import { indexDrift } from '../../server/index/index-digest';
import type { Projections } from '../../server/index/projections';
import { ScratchIndex } from '../../server/index/scratch-index';
import { buildChain, type Chain } from '../helpers/supply-chain';
import { gtin, itemId } from '../helpers/gs1';
import { recordSupervisionFixtures } from '../helpers/supervision-fixture';
import { backendName, startTestService, type TestService } from '../helpers/test-service';

// Building the chain takes a while on a loaded machine; each verification replays the whole ledger.
const SETUP_TIMEOUT_MS = 240_000;
const CASE_TIMEOUT_MS = 60_000;
const BACKUP = 'index_tamper_backup';
// Past every surrogate key the fixture hands out.
const FORGED_OFFSET = 1_000_000_000;
const SERVICE_TABLES = ['api_keys', 'capture_jobs', 'complaints', 'web_sessions', 'knex_migrations', 'knex_migrations_lock'];

const notice = {
  reason: 'Listeria monocytogenes found in a retained sample',
  hazard: 'Listeria can cause serious illness',
  severityClass: 'I',
  consumerAction: 'Do not eat; throw it away or return it',
  remedy: 'Full refund',
  contact: '400-000-0000',
};

type Row = Record<string, unknown>;
type Kind = 'missing' | 'extra' | 'altered';

interface Tampering {
  /** The row keys the report must name, each with the kind of difference. */
  readonly expected: ReadonlyArray<{ kind: Kind; key: Row }>;
}

const REASON: Record<Kind, RegExp> = {
  missing: /missing from the index/,
  extra: /not implied by the ledger/,
  altered: /differs from the row the ledger implies/,
};

function keyText(key: Row): string {
  const entries = Object.entries(key);
  const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
  return entries.length === 1 ? text(entries[0]?.[1]) : entries.map(([k, v]) => `${k}=${text(v)}`).join(', ');
}

describe(`GET /ledger/verify compares every derived index table with the ledger (${backendName()})`, () => {
  let t: TestService;
  let c: Chain;
  const keys = new Map<string, string[]>();
  // Set by every tampering, cleared by restore(): tests that only read a shared report restore nothing.
  let dirty = false;
  const columns = new Map<string, Array<{ name: string; type: string }>>();

  const raw = async <T>(sql: string, bindings: unknown[] = []): Promise<T[]> =>
    (await t.service.deps.knex.raw<{ rows: T[] }>(sql, bindings as never)).rows;
  const tamperSql = async (sql: string, bindings: unknown[] = []): Promise<void> => {
    dirty = true;
    await raw(sql, bindings);
  };
  const verify = async (): Promise<any> => (await t.http.get('/ledger/verify').set('Authorization', `Bearer ${t.adminKey}`)).body;
  const pick = (row: Row, cols: readonly string[]): Row => Object.fromEntries(cols.map((k) => [k, row[k]]));

  async function firstRow(table: string): Promise<Row> {
    const [row] = await raw<{ r: Row }>(
      `select to_jsonb(x) as r from "${table}" x order by ${(keys.get(table) ?? []).map((k) => `"${k}"`).join(', ')} limit 1`,
    );
    if (!row) throw new Error(`the fixture left ${table} empty`);
    return row.r;
  }

  const whereKey = (table: string): string =>
    (keys.get(table) ?? [])
      .map((k) => `"${k}" = (?::jsonb ->> '${k}')::${columns.get(table)?.find((col) => col.name === k)?.type ?? 'text'}`)
      .join(' and ');
  const bindKey = (table: string, row: Row): string[] => (keys.get(table) ?? []).map(() => JSON.stringify(row));

  async function deleteRow(table: string): Promise<Tampering> {
    const row = await firstRow(table);
    await tamperSql(`delete from "${table}" where ${whereKey(table)}`, bindKey(table, row));
    return { expected: [{ kind: 'missing', key: pick(row, keys.get(table) ?? []) }] };
  }

  // A text value gets '-forged' appended; a surrogate key (a number) is moved far past every key in use.
  const forge = (value: unknown): unknown => (typeof value === 'number' ? value + FORGED_OFFSET : `${String(value)}-forged`);

  async function insertRow(table: string): Promise<Tampering> {
    const row = await firstRow(table);
    const first = keys.get(table)?.[0] ?? '';
    // A forged event or identifier needs a surrogate key of its own too (`seq` is unique).
    const forged = { ...row, [first]: forge(row[first]), ...(first !== 'seq' && 'seq' in row ? { seq: forge(row.seq) } : {}) };
    await tamperSql(`insert into "${table}" select * from jsonb_populate_record(null::"${table}", ?::jsonb)`, [JSON.stringify(forged)]);
    return { expected: [{ kind: 'extra', key: pick(forged, keys.get(table) ?? []) }] };
  }

  // Edits the first text or jsonb column that is not part of the key and has a value, else the first such
  // bigint column (a surrogate key: another event's or identifier's); in an all-key table, the last key column.
  async function alterRow(table: string): Promise<Tampering> {
    const row = await firstRow(table);
    const key = keys.get(table) ?? [];
    const nonKey = (columns.get(table) ?? []).filter((col) => !key.includes(col.name) && row[col.name] !== null);
    const editable = nonKey.find((col) => col.type === 'text' || col.type === 'jsonb') ?? nonKey.find((col) => col.type === 'bigint');
    const column = editable?.name ?? key[key.length - 1] ?? '';
    const type = editable?.type ?? columns.get(table)?.find((col) => col.name === column)?.type;
    const set =
      type === 'jsonb'
        ? `"${column}" = '{"forged": true}'::jsonb`
        : type === 'bigint'
          ? `"${column}" = "${column}" + ${FORGED_OFFSET}`
          : `"${column}" = "${column}" || '-forged'`;
    await tamperSql(`update "${table}" set ${set} where ${whereKey(table)}`, bindKey(table, row));
    if (editable) return { expected: [{ kind: 'altered', key: pick(row, key) }] };
    return {
      expected: [
        { kind: 'missing', key: pick(row, key) },
        { kind: 'extra', key: pick({ ...row, [column]: forge(row[column]) }, key) },
      ],
    };
  }

  async function recordFixtures(): Promise<void> {
    const farm = c.members.farmA;
    const eventID = 'urn:uuid:6a0c5b3e-1d2f-4c5b-9e8a-000000000001';
    const event = {
      type: 'ObjectEvent',
      eventID,
      eventTime: '2026-09-04T08:00:00Z',
      eventTimeZoneOffset: '+00:00',
      action: 'ADD',
      epcList: [itemId(gtin(farm.prefix, 7), 'E1')],
    };
    const post = (path: string, key: string, body: object): Promise<{ status: number; body: any }> =>
      t.http
        .post(path)
        .set('Authorization', `Bearer ${key}`)
        .send(body)
        .then((r) => ({ status: r.status, body: r.body }));
    const expectCreated = (r: { status: number; body: any }): any => {
      if (r.status !== 201 && r.status !== 200) throw new Error(`fixture: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    };
    expectCreated(await post('/events', farm.key, event));
    expectCreated(
      await post('/events', farm.key, {
        ...event,
        errorDeclaration: { declarationTime: '2026-09-05T00:00:00Z', reason: 'incorrect_data' },
      }),
    );
    expectCreated(await post('/recalls', c.regulatorKey, { ...notice, lots: [c.farmLots[0]] }));
    const product = gtin(c.members.processor.prefix, 33);
    const declaration = expectCreated(
      await post('/declarations', c.members.processor.key, {
        products: [{ gtin: product, name: 'Soy sauce', model: '500ml', category: 'condiment', specification: '500 ml' }],
        standard: { type: 'enterprise', number: 'Q/HTWY 0001S-2026', name: 'Brewed soy sauce' },
        indicators: [{ name: 'Total arsenic', value: '≤ 0.5', unit: 'mg/kg', testMethod: 'GB 5009.11', kind: 'safety' }],
        belowRecommended: false,
        effectiveDate: '2026-12-01',
        documentSha256: 'a'.repeat(64),
      }),
    );
    expectCreated(
      await post(`/declarations/${String(declaration.declaration.id)}/supervision`, c.regulatorKey, {
        result: 'conforming',
        notes: 'sampled',
        sampledLot: 'L1',
      }),
    );
    const incident = expectCreated(
      await post('/incidents', c.members.processor.key, {
        products: [{ gtin: product, name: 'Soy sauce', model: '500ml' }],
        lots: ['L1'],
        occurredAt: '2026-09-04T09:00:00+08:00',
        awareAt: '2026-09-04T09:00:00+08:00',
        place: 'Qingdao',
        severity: 'serious-injury',
        peopleAffected: 1,
        description: 'Bottle burst',
        hazard: 'cuts',
        measuresTaken: 'Sales suspended',
      }),
    );
    expectCreated(await post(`/incidents/${String(incident.id)}/status`, c.regulatorKey, { status: 'acknowledged', note: 'received' }));
    await recordSupervisionFixtures(t, c.regulatorKey, c.members.processor.id);
  }

  beforeAll(async () => {
    t = await startTestService();
    c = await buildChain(t, 41);
    await recordFixtures();
    const { deps } = t.service;
    expect(await deps.indexer.waitForHeight((await deps.ledger.info()).height)).toBe(true);
    await raw(`create schema "${BACKUP}"`);
    for (const table of derivedTables()) {
      const pk = await raw<{ name: string }>(
        `select a.attname as name from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey) where i.indrelid = ?::regclass and i.indisprimary order by array_position(i.indkey::int2[], a.attnum)`,
        [table],
      );
      keys.set(
        table,
        pk.map((r) => r.name),
      );
      columns.set(
        table,
        await raw<{ name: string; type: string }>(
          `select column_name as name, data_type as type from information_schema.columns where table_schema = current_schema() and table_name = ? order by ordinal_position`,
          [table],
        ),
      );
      await raw(`create table "${BACKUP}"."${table}" as table "${table}"`);
    }
  }, SETUP_TIMEOUT_MS);

  async function restore(): Promise<void> {
    for (const table of derivedTables()) {
      await raw(`delete from "${table}"`);
      await raw(`insert into "${table}" select * from "${BACKUP}"."${table}"`);
    }
    dirty = false;
  }

  afterEach(async () => {
    if (dirty) await restore();
  });

  afterAll(async () => {
    await t?.close();
  });

  it(
    'is ok, and lists every derived table with its rows, when nothing is altered',
    async () => {
      const body = await verify();
      // Every derived table has rows, each written by the indexer: the seal holds without a rebuild.
      expect(body).toMatchObject({ ok: true, chain: { ok: true }, index: { ok: true, method: 'sealed', drift: [] } });
      expect(body.index.tables.map((d: { table: string }) => d.table).sort()).toEqual(derivedTables().sort());
      for (const d of body.index.tables) expect({ table: d.table, empty: d.rows === 0 }).toEqual({ table: d.table, empty: false });
    },
    CASE_TIMEOUT_MS,
  );

  it('classifies every table of the index database as derived (compared) or as service state', async () => {
    const tables = (
      await raw<{ name: string }>(
        `select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`,
      )
    ).map((r) => r.name);
    const unclassified = tables.filter(
      (name) => !derivedTables().includes(name) && !INDEXER_BOOKKEEPING.has(name) && !SERVICE_TABLES.includes(name),
    );
    expect(unclassified).toEqual([]);
  });

  // Every table × kind is covered: one row of EVERY derived table is tampered at once and verified
  // once per kind (the comparison is per table, row by row: a child table's surrogate keys are compared
  // as they are, so a tampered parent row does not show in its children), then each
  // table's keys, counts and drift entries are read from that one report.
  const kinds = [
    { what: 'a deleted row', tamper: deleteRow },
    { what: 'an added row', tamper: insertRow },
    { what: 'an altered row', tamper: alterRow },
  ];

  describe.each(kinds)('with $what in every derived table at once', ({ tamper }) => {
    const expected = new Map<string, Tampering['expected']>();
    let body: any;

    beforeAll(async () => {
      try {
        for (const table of derivedTables()) expected.set(table, (await tamper(table)).expected);
        body = await verify();
      } finally {
        await restore();
      }
    }, CASE_TIMEOUT_MS);

    it('fails the index and leaves the chain ok', () => {
      expect(body).toMatchObject({ ok: false, chain: { ok: true }, index: { ok: false } });
      expect(expected.size).toBe(derivedTables().length);
    });

    it.each(derivedTables())('names the row of %s by table and key, with its counts', (table) => {
      const want = expected.get(table) ?? [];
      expect(want.length).toBeGreaterThan(0);
      const drift = body.index.drift.filter((d: { table: string }) => d.table === table);
      for (const { kind, key } of want) {
        expect(drift).toContainEqual(expect.objectContaining({ table, id: keyText(key), reason: expect.stringMatching(REASON[kind]) }));
      }
      expect(drift).toHaveLength(want.length);
      const counts = { missing: 0, extra: 0, altered: 0 };
      for (const { kind } of want) counts[kind] += 1;
      expect(body.index.tables.find((d: { table: string }) => d.table === table)).toMatchObject(counts);
    });

    it('names nothing that was not tampered', () => {
      const tampered = [...expected.values()].reduce((n, e) => n + e.length, 0);
      expect(body.index.drift.filter((d: { table: string }) => !expected.has(d.table))).toEqual([]);
      expect(body.index.drift).toHaveLength(tampered);
    });
  });

  it(
    'names an error declaration set on an event the ledger never declared erroneous',
    async () => {
      const [row] = await raw<{ event_id: string }>(
        'select event_id from events where error_declaration is null order by event_id limit 1',
      );
      await tamperSql(`update events set error_declaration = '{"reason": "incorrect_data"}'::jsonb where event_id = ?`, [row?.event_id]);
      const body = await verify();
      expect(body.index.drift).toEqual([
        expect.objectContaining({ table: 'events', id: row?.event_id, reason: expect.stringMatching(REASON.altered) }),
      ]);
    },
    CASE_TIMEOUT_MS,
  );

  describe('an event whose rows cannot be written', () => {
    const failing: Projections = { ...ALL_PROJECTIONS, RecallOpened: () => Promise.reject(new Error('simulated data error')) };

    it(
      'is left out of the expected index and named as an event the index must have quarantined',
      async () => {
        const { knex, ledger } = t.service.deps;
        const report = await indexDrift({ knex, ledger, projections: failing });
        expect(report.ok).toBe(false);
        expect(report.unprojectable).toEqual([expect.objectContaining({ name: 'RecallOpened', error: 'simulated data error' })]);
        const [u] = report.unprojectable ?? [];
        expect(report.drift).toContainEqual(
          expect.objectContaining({
            table: 'index_quarantine',
            id: `block ${u?.blockNumber} transaction ${u?.txIndex}`,
            reason: expect.stringMatching(/cannot be projected \(simulated data error\) and is not quarantined/),
          }),
        );
        // The live index does have the recall's rows, which the ledger (through these projections) does not imply.
        expect(report.tables?.find((d) => d.table === 'recalls')).toMatchObject({ extra: 1, missing: 0, altered: 0 });
        expect(report.tables?.find((d) => d.table === 'events')).toMatchObject({ extra: 0, missing: 0, altered: 0 });
      },
      CASE_TIMEOUT_MS,
    );

    it(
      'is left out inside one database transaction too, with a savepoint per attempt',
      async () => {
        const { knex, ledger } = t.service.deps;
        const scratch = await ScratchIndex.create(knex, { ledger, projections: failing, tables: derivedTables() });
        try {
          const events = await knex.transaction(async (trx) => {
            await scratch.catchUpIn(trx, await readCheckpoint(trx));
            return (await trx.raw<{ rows: Array<{ n: number }> }>(`select count(*)::int as n from "${scratch.schema}"."events"`)).rows[0]
              ?.n;
          });
          const [live] = await raw<{ n: number }>('select count(*)::int as n from events');
          expect(events).toBe(live?.n);
          expect(scratch.unprojectable).toEqual([expect.objectContaining({ name: 'RecallOpened' })]);
        } finally {
          await scratch.drop(knex);
        }
      },
      CASE_TIMEOUT_MS,
    );
  });

  it(
    'leaves no scratch schema behind',
    async () => {
      await verify();
      expect(await raw(`select nspname from pg_namespace where nspname like 'index_verify_%'`)).toEqual([]);
    },
    CASE_TIMEOUT_MS,
  );
});
