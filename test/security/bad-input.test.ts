import fc from 'fast-check';
import type { Response } from 'supertest';
import { backendName, registerEnterprise, regulatorKey, startTestService, type TestService } from '../helpers/test-service';
import { gtin, uniquePrefix } from '../helpers/gs1';
import {
  badGs1,
  deepText,
  duplicateKeyText,
  malformedJson,
  poisonedText,
  writeRoutes,
  wrongType,
  type Ids,
  type Sender,
  type WriteRoute,
} from './bad-input-cases';

// Starting a service and recording fixtures can take minutes on a loaded machine.
const SETUP_TIMEOUT_MS = 240_000;

const RUNS = { numRuns: 40 };
const MAX_DEPTH = 16;
const BODY_LIMIT = 256 * 1024;

describe(`bad input never reaches the ledger (${backendName()})`, () => {
  let t: TestService;
  let ids: Ids;
  let keys: Record<Sender, string | undefined>;
  let routes: WriteRoute[];
  const prefix = uniquePrefix();

  beforeAll(async () => {
    t = await startTestService({ JSON_MAX_DEPTH: String(MAX_DEPTH), BODY_LIMIT_BYTES: String(BODY_LIMIT), PUBLIC_RATE_LIMIT_PER_MIN: '0' });
    const enterprise = await registerEnterprise(t, { id: `bad-${prefix}`, companyPrefixes: [prefix] });
    const auth = { Authorization: `Bearer ${enterprise}` };
    const g = gtin(prefix, 7);
    const declaration = await t.http
      .post('/declarations')
      .set(auth)
      .send({
        products: [{ gtin: g, name: 'Tea', model: '250g', category: 'tea' }],
        standard: { type: 'enterprise', number: 'Q/SY 0001S-2026', name: 'Tea' },
        effectiveDate: '2026-12-01',
        documentSha256: 'c'.repeat(64),
      });
    const incident = await t.http
      .post('/incidents')
      .set(auth)
      .send({
        products: [g],
        occurredAt: '2026-11-20T09:00:00+08:00',
        awareAt: '2026-11-20T10:00:00+08:00',
        severity: 'other',
        description: 'd',
      });
    ids = { prefix, declaration: declaration.body.declaration.id as string, incident: incident.body.id as string };
    keys = { enterprise, regulator: await regulatorKey(t), admin: t.adminKey, anonymous: undefined };
    routes = writeRoutes(ids);
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await t?.close();
  });

  /** Everything a write could change: ledger height and the service's own tables. */
  async function footprint(): Promise<string> {
    const { height } = await t.service.deps.ledger.info();
    const counts = await Promise.all(
      ['api_keys', 'complaints', 'capture_jobs'].map(
        async (table) => (await t.service.deps.knex(table).count<Array<{ n: string }>>({ n: '*' }))[0]?.n,
      ),
    );
    return JSON.stringify({ height, counts });
  }

  function send(route: WriteRoute, body: string): Promise<Response> {
    const call = t.http.post(route.url).set('Content-Type', 'application/json');
    const key = keys[route.sender];
    return (key ? call.set('Authorization', `Bearer ${key}`) : call).send(body);
  }

  function expectRefused(res: Response): void {
    if (res.status < 400 || res.status >= 500) throw new Error(`answered ${res.status}: ${res.text.slice(0, 300)}`);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  }

  /** Runs `property` over every write route and checks that nothing at all was written. */
  async function refusedEverywhere<T>(
    arb: (route: WriteRoute) => fc.Arbitrary<T>,
    body: (route: WriteRoute, value: T) => string,
    only = (_r: WriteRoute): boolean => true,
  ): Promise<void> {
    const before = await footprint();
    const cases = fc.constantFrom(...routes.filter(only)).chain((route) => arb(route).map((value) => [route, value] as const));
    await fc.assert(
      fc.asyncProperty(cases, async ([route, value]) => expectRefused(await send(route, body(route, value)))),
      RUNS,
    );
    expect(await footprint()).toBe(before);
  }

  it('refuses bodies that are not JSON', async () => {
    await refusedEverywhere(
      (r) => malformedJson(r.template),
      (_r, text) => text,
    );
  });

  it('refuses JSON that is not an object', async () => {
    await refusedEverywhere(
      () => fc.oneof(fc.jsonValue({ maxDepth: 2 }).filter((v) => typeof v !== 'object' || v === null || Array.isArray(v))),
      (_r, v) => JSON.stringify(v),
    );
  });

  it('refuses a required field of the wrong type', async () => {
    const arb = (r: WriteRoute): fc.Arbitrary<[string, unknown]> =>
      fc.constantFrom(...Object.entries(r.required)).chain(([field, kind]) => wrongType(kind).map((v): [string, unknown] => [field, v]));
    await refusedEverywhere(arb, (r, [field, v]) => JSON.stringify({ ...r.template, [field]: v }));
  });

  it('refuses huge strings in bounded fields', async () => {
    await refusedEverywhere(
      () => fc.integer({ min: 10_001, max: 200_000 }),
      (r, n) => JSON.stringify({ ...r.template, [r.bounded]: 'x'.repeat(n) }),
    );
  });

  it('refuses bodies over BODY_LIMIT_BYTES with 413', async () => {
    const before = await footprint();
    for (const route of routes) {
      const res = await send(route, JSON.stringify({ ...route.template, padding: 'x'.repeat(BODY_LIMIT + 1) }));
      expectRefused(res);
      expect(res.status).toBe(413);
    }
    expect(await footprint()).toBe(before);
  });

  it('refuses nesting deeper than JSON_MAX_DEPTH, whatever the field', async () => {
    const arb = (r: WriteRoute): fc.Arbitrary<[string, number]> =>
      fc.tuple(fc.constantFrom(...Object.keys(r.template)), fc.integer({ min: MAX_DEPTH, max: 5000 }));
    await refusedEverywhere(arb, (r, [field, depth]) => deepText(r.template, field, depth));
  });

  it('refuses invalid GS1 identifiers, company prefixes and check digits', async () => {
    await refusedEverywhere(
      () => badGs1(prefix),
      (r, bad) => JSON.stringify(r.withIdentifier?.(bad)),
      (r) => r.withIdentifier !== undefined,
    );
  });

  it('refuses values outside an enumeration', async () => {
    const unknown = fc
      .oneof(fc.string({ maxLength: 20 }), fc.constantFrom('ADMIN', 'Regulator', 'ii', 'closed ', 'conforming\u0000', '__proto__'))
      .filter(
        (s) =>
          ![
            'ADD',
            'OBSERVE',
            'DELETE',
            'admin',
            'regulator',
            'enterprise',
            'I',
            'II',
            'III',
            'conforming',
            'non-conforming',
            'acknowledged',
            'investigating',
            'recall-ordered',
            'closed',
            'death',
            'serious-injury',
            'major-property-loss',
            'other',
            'property-loss',
            'zh',
            'en',
          ].includes(s.trim().toLowerCase()) && !['ADD', 'OBSERVE', 'DELETE'].includes(s.trim()),
      );
    await refusedEverywhere(
      () => unknown,
      (r, v) => JSON.stringify({ ...r.template, [r.enumField ?? '']: v }),
      (r) => r.enumField !== undefined,
    );
  });

  it('refuses NUL characters and lone surrogates anywhere in a body', async () => {
    const arb = (r: WriteRoute): fc.Arbitrary<[string, string]> =>
      fc.tuple(fc.constantFrom(...Object.keys(r.required).filter((k) => r.required[k] === 'string')), poisonedText);
    await refusedEverywhere(arb, (r, [field, text]) => JSON.stringify({ ...r.template, [field]: text }));
  });

  it('refuses a body that names the same key twice', async () => {
    const arb = (r: WriteRoute): fc.Arbitrary<string> => fc.constantFrom(...Object.keys(r.required));
    await refusedEverywhere(arb, (r, field) => duplicateKeyText(r.template, field, r.template[field]));
  });

  describe('query parameters and paths', () => {
    const q = (pairs: Record<string, string>): string =>
      Object.entries(pairs)
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
        .join('&');
    const badTime = fc.constantFrom('2026-13-01T00:00:00Z', '2026-05-01T08:00:00', 'yesterday', '', '2026-05-01T25:00:00+08:00');
    const badCount = fc.oneof(
      fc.constantFrom('0', '-1', '1.5', 'abc', '', '99999999999999999999', 'NaN'),
      fc.integer({ min: 100_000 }).map(String),
    );
    const enumWord = fc
      .string({ minLength: 1, maxLength: 12 })
      .filter(
        (s) =>
          !/^(ObjectEvent|ADD|OBSERVE|DELETE|forward|backward|both|active|withdrawn|submitted|acknowledged|investigating|recall-ordered|closed|death|serious-injury|major-property-loss|other|true|false|zh|en)$/i.test(
            s.trim(),
          ),
      );
    const raw = fc.constantFrom('%00', 'a%00b', '%ED%A0%80', '%FF', '%', '%zz');
    // Free-text filters may match nothing (200, empty); only NUL is malformed there.
    const nul = fc.constantFrom('%00', 'a%00b', '%00%00');
    const gs1 = badGs1(prefix);
    const urls: fc.Arbitrary<[string, Sender]> = fc.oneof(
      fc
        .oneof(
          enumWord.map((v) => q({ eventType: v })),
          badTime.map((v) => q({ GE_eventTime: v })),
          badTime.map((v) => q({ LT_recordTime: v })),
          enumWord.map((v) => q({ EQ_action: v })),
          gs1.map((v) => q({ MATCH_epc: v })),
          gs1.map((v) => q({ MATCH_anyEPCClass: v })),
          badCount.map((v) => q({ perPage: v })),
          fc.constantFrom('!!', 'eyJiIjotMX0', 'e30', 'a'.repeat(201)).map((v) => q({ nextPageToken: v })),
          fc
            .string({ minLength: 1, maxLength: 10 })
            .filter((k) => !/^(eventType|perPage|nextPageToken|[A-Z]+_\w+)$/.test(k))
            .map((k) => q({ [k]: '1' })),
          fc.constant('perPage=1&perPage=2'),
          nul.map((v) => `EQ_eventID=${v}`),
        )
        .map((s): [string, Sender] => [`/events?${s}`, 'regulator']),
      nul.map((v): [string, Sender] => [`/events/${v}`, 'regulator']),
      fc
        .oneof(
          gs1.map((v) => q({ id: v })),
          fc.constant(''),
          enumWord.map((v) => q({ id: `https://id.gs1.org/01/${gtin(prefix, 7)}`, direction: v })),
          badCount.map((v) => q({ id: `https://id.gs1.org/01/${gtin(prefix, 7)}`, maxDepth: v })),
          raw.map((v) => `id=${v}`),
        )
        .map((s): [string, Sender] => [`/trace?${s}`, 'regulator']),
      fc
        .oneof(
          gs1.map((v) => q({ gtin: v })),
          enumWord.map((v) => q({ status: v })),
          badCount.map((v) => q({ limit: v })),
          fc.constantFrom('-1', 'x', '1.5').map((v) => q({ offset: v })),
          fc.constant(q({ q: 'x'.repeat(201) })),
          nul.map((v) => `q=${v}`),
        )
        .map((s): [string, Sender] => [`/declarations?${s}`, 'anonymous']),
      fc
        .oneof(
          enumWord.map((v) => q({ status: v })),
          enumWord.map((v) => q({ severity: v })),
          enumWord.map((v) => q({ late: v })),
          gs1.map((v) => q({ gtin: v })),
          badCount.map((v) => q({ limit: v })),
          nul.map((v) => `enterprise=${v}`),
        )
        .map((s): [string, Sender] => [`/incidents?${s}`, 'regulator']),
      fc
        .oneof(
          badCount.map((v) => q({ limit: v })),
          gs1.map((v) => q({ lot: v })),
          fc.constant(q({ lot: 'x'.repeat(2001) })),
        )
        .map((s): [string, Sender] => [`/recalls?${s}`, 'anonymous']),
      fc
        .oneof(
          fc
            .constantFrom('1234567', '12345678901234567', '06141411234568', 'abcdefgh', '%F0%9F%8D%B5', '061414112345%00')
            .map((g) => `/01/${g}`),
          fc.constantFrom('a%20b', '%E2%80%AE', '%F0%9F%8D%B5', 'x'.repeat(21), '%00').map((lot) => `/01/${gtin(prefix, 7)}/10/${lot}`),
          enumWord.map((v) => `/01/${gtin(prefix, 7)}?lang=${encodeURIComponent(v)}`),
          fc.constant(`/01/${gtin(prefix, 7)}?linkType=${'x'.repeat(101)}`),
        )
        .map((u): [string, Sender] => [u, 'anonymous']),
    );

    it('answers every malformed query parameter and path with 4xx problem+json, never 5xx', async () => {
      const before = await footprint();
      await fc.assert(
        fc.asyncProperty(urls, async ([url, sender]) => {
          const key = keys[sender];
          const call = t.http.get(url).set('Accept', 'application/json');
          expectRefused(await (key ? call.set('Authorization', `Bearer ${key}`) : call));
        }),
        { numRuns: 150 },
      );
      expect(await footprint()).toBe(before);
    });
  });

  it('accepts emoji and right-to-left text where free text belongs, unchanged', async () => {
    const message = 'تذوق غريب \u202eevil\u202c 🍵 茶叶有烟味';
    const res = await t.http.post('/complaints').send({ subjectId: `https://id.gs1.org/01/${gtin(prefix, 7)}`, message });
    expect(res.status).toBe(201);
    const stored = await t.service.deps.knex('complaints').where({ id: res.body.complaint.id }).first('message');
    expect(stored?.message).toBe(message);
  });
});
