import fc from 'fast-check';
import type { Response } from 'supertest';
import { backendName, registerEnterprise, regulatorKey, startTestService, type TestService } from '../helpers/test-service';
import { gtin, lotId, uniquePrefix } from '../helpers/gs1';

// Starting a service can take minutes on a loaded machine.
const SETUP_TIMEOUT_MS = 240_000;
const TIME_PARAMS = ['GE_eventTime', 'LT_eventTime', 'GE_recordTime', 'LT_recordTime'] as const;

const token = (cursor: unknown): string => Buffer.from(JSON.stringify(cursor)).toString('base64url');
const fieldsAtFault = (res: Response): string[] => ((res.body as { errors?: Array<{ path: string }> }).errors ?? []).map((e) => e.path);

function expectNamed(res: Response, field: string): void {
  if (res.status !== 400) throw new Error(`answered ${res.status}, not 400: ${res.text.slice(0, 300)}`);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(fieldsAtFault(res)).toContain(field);
}

describe(`query parameters are bounded before they reach SQL (${backendName()})`, () => {
  let t: TestService;
  let regulator: string;
  let enterprise: string;
  const prefix = uniquePrefix();
  const get = (url: string, key = regulator): Promise<Response> =>
    t.http.get(url).set('Authorization', `Bearer ${key}`).set('Accept', 'application/json');

  beforeAll(async () => {
    t = await startTestService({ PUBLIC_RATE_LIMIT_PER_MIN: '0' });
    enterprise = await registerEnterprise(t, { id: `qb-${prefix}`, companyPrefixes: [prefix] });
    regulator = await regulatorKey(t);
    for (const lot of ['Q1', 'Q2', 'Q3']) {
      const event = {
        type: 'ObjectEvent',
        eventTime: '2026-05-01T08:00:00Z',
        eventTimeZoneOffset: '+08:00',
        action: 'ADD',
        epcList: [lotId(gtin(prefix, 1), lot)],
        bizStep: 'commissioning',
      };
      const res = await t.http.post('/events').set('Authorization', `Bearer ${enterprise}`).send(event);
      if (res.status !== 201) throw new Error(`event: ${res.status} ${res.text}`);
    }
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await t?.close();
  });

  describe('GET /events nextPageToken', () => {
    it('pages with the tokens it issues', async () => {
      const first = await get('/events?perPage=2');
      expect(first.status).toBe(200);
      const next = /<([^>]+)>; rel="next"/.exec(String(first.headers.link))?.[1];
      expect(next).toBeDefined();
      const second = await get(next ?? '');
      expect(second.status).toBe(200);
      expect(
        (second.body as { epcisBody: { queryResults: { resultsBody: { eventList: unknown[] } } } }).epcisBody.queryResults.resultsBody
          .eventList,
      ).toHaveLength(1);
    });

    it.each([
      ['a block of 1e300', { b: 1e300, t: 0, p: 0 }],
      ['a block of 2^40', { b: 2 ** 40, t: 0, p: 0 }],
      ['a block of 2^31', { b: 2 ** 31, t: 0, p: 0 }],
      ['a transaction index of 2^53', { b: 1, t: 2 ** 53, p: 0 }],
      ['a position of 2^40', { b: 1, t: 0, p: 2 ** 40 }],
      ['a negative position', { b: 1, t: 0, p: -1 }],
      ['a fractional block', { b: 1.5, t: 0, p: 0 }],
      ['numbers as strings', { b: '1', t: '0', p: '0' }],
      ['a missing field', { b: 1, t: 0 }],
      ['an extra field', { b: 1, t: 0, p: 0, x: 1 }],
      ['an array', [1, 0, 0]],
      ['null', null],
    ])('answers 400 naming nextPageToken for a token carrying %s', async (_what, cursor) => {
      expectNamed(await get(`/events?nextPageToken=${token(cursor)}`), 'nextPageToken');
    });

    it.each(['!!', 'AAAA', 'not-json', 'e30', 'x'.repeat(201)])(
      'answers 400 naming nextPageToken for the garbage token %s',
      async (garbage) => {
        expectNamed(await get(`/events?nextPageToken=${encodeURIComponent(garbage)}`), 'nextPageToken');
      },
    );

    it('accepts the largest position a token may carry', async () => {
      const max = 2 ** 31 - 1;
      const res = await get(`/events?nextPageToken=${token({ b: max, t: max, p: max })}`);
      expect(res.status).toBe(200);
    });
  });

  describe('GET /events time filters', () => {
    it.each(
      TIME_PARAMS.flatMap((param) =>
        [
          '0000-01-01T00:00:00Z',
          '0001-01-01T00:00:00+01:00',
          '10000-01-01T00:00:00Z',
          '+275760-09-13T00:00:00Z',
          '2026-02-30T00:00:00Z',
          '2026-05-01T00:00:00+14:01',
          '2026-05-01T00:00:00-16:00',
        ].map((v) => [param, v] as const),
      ),
    )('answers 400 naming %s for %s', async (param, value) => {
      expectNamed(await get(`/events?${param}=${encodeURIComponent(value)}`), param);
    });

    it.each(
      TIME_PARAMS.flatMap((param) =>
        [
          '0001-01-01T00:00:00Z',
          '1970-01-01T00:00:00Z',
          '9999-12-31T23:59:59.999Z',
          '9999-12-31T23:59:59+00:00',
          '2026-05-01T00:00:00.123456789123+14:00',
          '2026-05-01T00:00:00-14:00',
        ].map((v) => [param, v] as const),
      ),
    )('accepts %s of %s', async (param, value) => {
      expect((await get(`/events?${param}=${encodeURIComponent(value)}`)).status).toBe(200);
    });
  });

  describe('properties: well-formed values at and past the bounds never answer 5xx', () => {
    const pad = (n: number, width: number): string => String(n).padStart(width, '0');
    const offset = fc.oneof(
      fc.constant('Z'),
      fc
        .tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
        .map(([s, h, m]) => `${s}${pad(h, 2)}:${pad(m, 2)}`),
    );
    const year = fc.oneof(fc.constantFrom(0, 1, 2, 1969, 1970, 9998, 9999), fc.integer({ min: 0, max: 9999 }));
    const instant = fc
      .tuple(
        year,
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.option(fc.integer({ min: 0, max: 999_999 })),
        offset,
      )
      .map(
        ([y, mo, d, h, mi, frac, z]) =>
          `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:00${frac === null ? '' : `.${pad(frac, 6)}`}${z}`,
      );
    const bound = fc.oneof(
      fc.constantFrom(
        0,
        1,
        2 ** 31 - 1,
        2 ** 31,
        2 ** 32,
        2 ** 40,
        2 ** 53 - 1,
        2 ** 53,
        2 ** 63,
        1e300,
        -1,
        -(2 ** 31),
        0.5,
        Number.MAX_VALUE,
        Number.MIN_VALUE,
      ),
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
    );
    const cursor = fc.record({ b: bound, t: bound, p: bound }).map(token);
    const count = fc.oneof(bound.map(String), fc.constantFrom('1e300', '1e3', '0x10', '9'.repeat(400), '-0', '+5', ' 7'));

    it('fuzzes the time filters, nextPageToken and perPage of GET /events', async () => {
      const queries = fc.oneof(
        fc.tuple(fc.constantFrom(...TIME_PARAMS), instant),
        fc.tuple(fc.constant('nextPageToken'), cursor),
        fc.tuple(fc.constant('perPage'), count),
      );
      await fc.assert(
        fc.asyncProperty(queries, async ([param, value]) => {
          const res = await get(`/events?${param}=${encodeURIComponent(value)}`);
          if (res.status >= 500) throw new Error(`${param}=${value} answered ${res.status}: ${res.text.slice(0, 300)}`);
          if (res.status !== 200) expectNamed(res, param);
        }),
        { numRuns: 150 },
      );
    });

    it('fuzzes the numeric parameters of /declarations, /incidents, /complaints, /recalls and /trace', async () => {
      const lot = encodeURIComponent(lotId(gtin(prefix, 1), 'Q1'));
      const routes = fc.constantFrom(
        ['/declarations?', 'limit'],
        ['/declarations?', 'offset'],
        ['/incidents?', 'limit'],
        ['/incidents?', 'offset'],
        ['/complaints?', 'limit'],
        ['/complaints?', 'offset'],
        ['/recalls?', 'limit'],
        [`/trace?id=${lot}&`, 'maxDepth'],
        [`/trace/export.csv?id=${lot}&`, 'maxDepth'],
      );
      await fc.assert(
        fc.asyncProperty(routes, count, async ([route, param], value) => {
          const res = await get(`${route}${param}=${encodeURIComponent(value)}`);
          if (res.status >= 500) throw new Error(`${route}${param}=${value} answered ${res.status}: ${res.text.slice(0, 300)}`);
          if (res.status !== 200) expectNamed(res, param);
        }),
        { numRuns: 150 },
      );
    });

    it.each(['/declarations', '/incidents', '/complaints'])('answers 400 naming offset on %s past 100000, and 200 at it', async (route) => {
      expectNamed(await get(`${route}?offset=100001`), 'offset');
      expectNamed(await get(`${route}?offset=1e300`), 'offset');
      expect((await get(`${route}?offset=100000`)).status).toBe(200);
    });
  });
});
