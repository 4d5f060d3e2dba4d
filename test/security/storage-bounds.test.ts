import fc from 'fast-check';
import type { Response } from 'supertest';
import { HARD_LIMITS } from '../../chaincode/src/core/bounds';
import { backendName, registerEnterprise, startTestService, type TestService } from '../helpers/test-service';
import { gtin, lotId, uniquePrefix } from '../helpers/gs1';

// Starting a service and recording fixtures can take minutes on a loaded machine.
const SETUP_TIMEOUT_MS = 240_000;
const PROPERTY_TIMEOUT_MS = 180_000;
const RUNS = { numRuns: 8 };
const ID_BYTES = HARD_LIMITS.identifierBytes;
const STRING_BYTES = 8192;
const EVENT_BYTES = 131072;

type Json = Record<string, unknown>;
let serial = 0;
const freshId = (): string => `urn:uuid:bounds-${process.pid}-${Date.now()}-${serial++}`;
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A well-formed URI of exactly `bytes` ASCII bytes, random (incompressible) past its prefix. */
function uriOf(prefix: string, bytes: number, seed: number): string {
  let out = prefix;
  for (let i = 0; out.length < bytes; i++) out += ALNUM[(seed * 7919 + i * 104729 + ((i * i) % 61)) % ALNUM.length];
  return out;
}

/** Sizes at the bound (accepted) and just past it (refused). */
const atOrPast = (bound: number): fc.Arbitrary<{ past: boolean; size: number; seed: number }> =>
  fc
    .record({ past: fc.boolean(), over: fc.integer({ min: 1, max: 64 }), seed: fc.nat(1_000_000) })
    .map(({ past, over, seed }) => ({ past, size: past ? bound + over : bound, seed }));

describe(`values at every storage bound are stored, values past it are refused (${backendName()})`, () => {
  let t: TestService;
  let key: string;
  const prefix = uniquePrefix();
  const g = gtin(prefix, 5);
  const base = (extra: Json = {}): Json => ({
    type: 'ObjectEvent',
    eventID: freshId(),
    eventTime: '2026-05-01T08:00:00Z',
    eventTimeZoneOffset: '+08:00',
    action: 'OBSERVE',
    quantityList: [{ epcClass: lotId(g, 'B1'), quantity: 1, uom: 'KGM' }],
    bizStep: 'receiving',
    ...extra,
  });

  beforeAll(async () => {
    t = await startTestService({
      EPCIS_IDENTIFIER_MAX_BYTES: String(ID_BYTES),
      EPCIS_STRING_MAX_BYTES: String(STRING_BYTES),
      EPCIS_EVENT_MAX_BYTES: String(EVENT_BYTES),
      PUBLIC_RATE_LIMIT_PER_MIN: '0',
    });
    key = await registerEnterprise(t, { id: `bounds-${prefix}`, companyPrefixes: [prefix] });
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await t?.close();
  });

  const post = (event: Json): Promise<Response> => t.http.post('/events').set('Authorization', `Bearer ${key}`).send(event);

  /** At the bound: 201 and indexed; past it: 400 problem+json naming `field`; never 5xx. */
  function expectJudged(res: Response, past: boolean, field: string): void {
    if (res.status >= 500) throw new Error(`answered ${res.status}: ${res.text.slice(0, 300)}`);
    if (!past) {
      if (res.status !== 201 || res.body.indexed !== true)
        throw new Error(`a value at the bound of ${field} answered ${res.status}: ${res.text.slice(0, 300)}`);
      return;
    }
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const paths = (res.body.errors as Array<{ path: string }>).map((e) => e.path);
    if (!paths.includes(field)) throw new Error(`expected an error at ${field}, got ${JSON.stringify(res.body.errors)}`);
  }

  const identifierFields: ReadonlyArray<readonly [string, (v: string) => Json]> = [
    ['eventID', (v) => base({ eventID: v })],
    ['bizLocation.id', (v) => base({ bizLocation: { id: v } })],
    ['readPoint.id', (v) => base({ readPoint: { id: v } })],
    ['bizStep', (v) => base({ bizStep: v })],
    ['disposition', (v) => base({ disposition: v })],
    ['destinationList[0].destination', (v) => base({ destinationList: [{ type: 'owning_party', destination: v }] })],
    ['sourceList[0].type', (v) => base({ sourceList: [{ type: v, source: 'urn:x-test:party:1' }] })],
    ['bizTransactionList[0].bizTransaction', (v) => base({ bizTransactionList: [{ type: 'po', bizTransaction: v }] })],
    ['quantityList[0].epcClass', (v) => base({ quantityList: [{ epcClass: v, quantity: 1 }] })],
    ['epcList[0]', (v) => base({ action: 'ADD', bizStep: 'commissioning', quantityList: undefined, epcList: [v] })],
  ];

  it(
    'judges identifiers and URIs by their length in bytes',
    async () => {
      const cases = fc.tuple(fc.constantFrom(...identifierFields), atOrPast(ID_BYTES));
      await fc.assert(
        fc.asyncProperty(cases, async ([[field, make], { past, size, seed }]) => {
          expectJudged(await post(make(uriOf('urn:x-test:', size, seed))), past, field);
        }),
        { numRuns: 30 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'stores four identifiers at the bound in one custody key and three in one lineage key',
    async () => {
      const at = (tag: string, seed: number): string => uriOf(`urn:x-test:${tag}:`, ID_BYTES, seed);
      const custody = base({
        eventID: at('e', 1),
        action: 'ADD',
        bizStep: 'commissioning',
        quantityList: undefined,
        epcList: [at('item', 2)],
        bizLocation: { id: at('loc', 3) },
        destinationList: [{ type: at('sdt', 4), destination: at('party', 5) }],
      });
      expectJudged(await post(custody), false, '');
      const lineage = {
        type: 'TransformationEvent',
        eventID: at('t', 6),
        eventTime: '2026-05-01T08:00:00Z',
        eventTimeZoneOffset: '+08:00',
        inputEPCList: [at('item', 2)],
        outputEPCList: [at('out', 7)],
        bizStep: 'commissioning',
      };
      expectJudged(await post(lineage), false, '');
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'judges quantities against numeric(20,6): below 1e14, at most 6 decimals, not negative',
    async () => {
      const atBound = fc.oneof(
        fc.constantFrom(0, 99999999999999, 99999999999999.9, 0.000001, 12345678.123456),
        fc.tuple(fc.nat(1_000_000), fc.nat(999_999)).map(([i, d]) => Number(`${i}.${String(d).padStart(6, '0')}`)),
      );
      const past = fc.oneof(
        fc.constantFrom(1e14, 1e15, 100000000000000.5, 0.0000001, -0.000001),
        fc
          .tuple(fc.nat(1_000_000), fc.integer({ min: 1, max: 9 }), fc.nat(999_999))
          .map(([i, last, d]) => Number(`${i}.${String(d).padStart(6, '0')}${last}`)),
        fc.integer({ min: 1, max: 1_000_000 }).map((n) => -n),
      );
      const cases = fc.oneof(
        atBound.map((q) => ({ q, past: false })),
        past.map((q) => ({ q, past: true })),
      );
      await fc.assert(
        fc.asyncProperty(cases, async ({ q, past: isPast }) => {
          expectJudged(
            await post(base({ quantityList: [{ epcClass: lotId(g, 'Q1'), quantity: q, uom: 'KGM' }] })),
            isPast,
            'quantityList[0].quantity',
          );
        }),
        { numRuns: 30 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'judges event times against 1970-01-01T00:00:00Z … 9999-12-31T23:59:59.999Z',
    async () => {
      const atBound = fc.oneof(
        fc.constantFrom('1970-01-01T00:00:00Z', '1970-01-01T08:00:00+08:00', '9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59+00:00'),
        fc
          .date({ min: new Date(0), max: new Date(Date.UTC(9999, 11, 31, 23, 59, 59, 999)), noInvalidDate: true })
          .map((d) => d.toISOString()),
      );
      const past = fc.oneof(
        fc.constantFrom(
          '1969-12-31T23:59:59.999Z',
          '1970-01-01T07:59:59+08:00',
          '0000-01-01T00:00:00Z',
          '9999-12-31T23:59:59-01:00',
          '0001-01-01T00:00:00Z',
        ),
        fc.date({ min: new Date(Date.UTC(1000, 0, 1)), max: new Date(-1), noInvalidDate: true }).map((d) => d.toISOString()),
      );
      const cases = fc.oneof(
        atBound.map((v) => ({ v, past: false })),
        past.map((v) => ({ v, past: true })),
      );
      await fc.assert(
        fc.asyncProperty(cases, async ({ v, past: isPast }) => {
          expectJudged(await post(base({ eventTime: v })), isPast, 'eventTime');
        }),
        { numRuns: 30 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'judges other strings and the whole event by their bytes',
    async () => {
      await fc.assert(
        fc.asyncProperty(atOrPast(STRING_BYTES), async ({ past, size, seed }) => {
          expectJudged(await post(base({ 'example:note': uriOf('', size, seed) })), past, 'example:note');
        }),
        RUNS,
      );
      await fc.assert(
        fc.asyncProperty(atOrPast(EVENT_BYTES), async ({ past, size, seed }) => {
          const event = base();
          const pads = Math.ceil(EVENT_BYTES / STRING_BYTES) + 1;
          for (let i = 0; i < pads; i++) event[`example:pad${i}`] = '';
          let room = size - Buffer.byteLength(JSON.stringify(event));
          for (let i = 0; i < pads && room > 0; i++) {
            const n = Math.min(room, STRING_BYTES);
            event[`example:pad${i}`] = uriOf('', n, seed + i);
            room -= n;
          }
          expect(Buffer.byteLength(JSON.stringify(event))).toBe(size);
          expectJudged(await post(event), past, '');
        }),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it('keeps the index caught up with nothing quarantined, and the service ready', async () => {
    let index: { caughtUp?: boolean } = {};
    // The last write was indexed before it was answered; the block's end marker may follow a moment later.
    for (let i = 0; i < 200 && !index.caughtUp; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 25));
      index = (await t.http.get('/ledger')).body.index as { caughtUp?: boolean };
    }
    expect(index).toMatchObject({ caughtUp: true, quarantined: 0 });
    const ready = await t.http.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ready');
  });
});
