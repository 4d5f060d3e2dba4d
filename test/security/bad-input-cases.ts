import fc from 'fast-check';
import { gtin, lotId } from '../helpers/gs1';

/** Who sends a write: the enterprise, the regulator or the operator. */
export type Sender = 'enterprise' | 'regulator' | 'admin' | 'anonymous';
type Kind = 'string' | 'array' | 'object' | 'number' | 'boolean';

/** One write route: a nearly valid body and where each kind of bad value can go. */
export interface WriteRoute {
  readonly url: string;
  readonly sender: Sender;
  readonly template: Record<string, unknown>;
  /** Required top-level fields and the JSON type each must have. */
  readonly required: Readonly<Record<string, Kind>>;
  /** A field limited in length or format, for huge strings. */
  readonly bounded: string;
  /** A field holding an enum value, if any. */
  readonly enumField?: string;
  /** The body with `bad` where a GS1 identifier (or company prefix) belongs, if any. */
  readonly withIdentifier?: (bad: string) => Record<string, unknown>;
}

export interface Ids {
  readonly prefix: string;
  readonly declaration: string;
  readonly incident: string;
}

const event = (g: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'ObjectEvent',
  eventTime: '2026-05-01T08:00:00Z',
  eventTimeZoneOffset: '+08:00',
  action: 'ADD',
  epcList: [`https://id.gs1.org/01/${g}/21/S1`],
  bizStep: 'commissioning',
  ...extra,
});
const doc = (events: unknown[]): Record<string, unknown> => ({
  type: 'EPCISDocument',
  schemaVersion: '2.0',
  creationDate: '2026-05-01T00:00:00Z',
  epcisBody: { eventList: events },
});
const declaration = (g: string): Record<string, unknown> => ({
  products: [{ gtin: g, name: 'Tea', model: '250g', category: 'tea' }],
  standard: { type: 'enterprise', number: 'Q/SY 0001S-2026', name: 'Tea' },
  effectiveDate: '2026-12-01',
  documentSha256: 'c'.repeat(64),
});

/** Every write route of the service, with a body that is valid except where a property breaks it. */
export function writeRoutes(ids: Ids): WriteRoute[] {
  const g = gtin(ids.prefix, 7);
  const declarationRoute = (url: string): WriteRoute => ({
    url,
    sender: 'enterprise',
    template: declaration(g),
    required: { products: 'array', standard: 'object', effectiveDate: 'string', documentSha256: 'string' },
    bounded: 'effectiveDate',
    withIdentifier: (bad) => declaration(bad),
  });
  return [
    {
      url: '/capture',
      sender: 'enterprise',
      template: doc([event(g)]),
      required: { type: 'string', epcisBody: 'object' },
      bounded: 'type',
      withIdentifier: (bad) => doc([event(g, { epcList: [bad] })]),
    },
    {
      url: '/events',
      sender: 'enterprise',
      template: event(g),
      required: { type: 'string', eventTime: 'string', eventTimeZoneOffset: 'string', action: 'string' },
      bounded: 'eventTime',
      enumField: 'action',
      withIdentifier: (bad) => event(g, { epcList: [bad] }),
    },
    {
      url: '/admin/enterprises',
      sender: 'admin',
      template: { id: 'bad-input-x', name: 'X', companyPrefixes: ['9520999'] },
      required: { id: 'string', name: 'string', companyPrefixes: 'array' },
      bounded: 'id',
      withIdentifier: (bad) => ({ id: 'bad-input-y', name: 'Y', companyPrefixes: [bad] }),
    },
    {
      url: '/admin/keys',
      sender: 'admin',
      template: { role: 'regulator', name: 'k' },
      required: { role: 'string', name: 'string' },
      bounded: 'name',
      enumField: 'role',
    },
    {
      url: '/recalls',
      sender: 'regulator',
      template: { lots: [lotId(g, 'L1')], reason: 'r', hazard: 'h', severityClass: 'I', consumerAction: 'stop' },
      required: { lots: 'array', reason: 'string', hazard: 'string', severityClass: 'string', consumerAction: 'string' },
      bounded: 'reason',
      enumField: 'severityClass',
      withIdentifier: (bad) => ({ lots: [bad], reason: 'r', hazard: 'h', severityClass: 'I', consumerAction: 'stop' }),
    },
    declarationRoute('/declarations'),
    declarationRoute(`/declarations/${ids.declaration}/revisions`),
    {
      url: `/declarations/${ids.declaration}/withdraw`,
      sender: 'enterprise',
      template: { reason: 'r' },
      required: { reason: 'string' },
      bounded: 'reason',
    },
    {
      url: `/declarations/${ids.declaration}/supervision`,
      sender: 'regulator',
      template: { result: 'conforming', notes: 'n' },
      required: { result: 'string', notes: 'string' },
      bounded: 'notes',
      enumField: 'result',
    },
    {
      url: '/incidents',
      sender: 'enterprise',
      template: {
        products: [g],
        occurredAt: '2026-11-20T09:00:00+08:00',
        awareAt: '2026-11-20T10:00:00+08:00',
        severity: 'other',
        description: 'd',
      },
      required: { products: 'array', occurredAt: 'string', awareAt: 'string', severity: 'string', description: 'string' },
      bounded: 'description',
      enumField: 'severity',
      withIdentifier: (bad) => ({
        products: [bad],
        occurredAt: '2026-11-20T09:00:00+08:00',
        awareAt: '2026-11-20T10:00:00+08:00',
        severity: 'other',
        description: 'd',
      }),
    },
    {
      url: `/incidents/${ids.incident}/status`,
      sender: 'regulator',
      template: { status: 'acknowledged', note: 'n' },
      required: { status: 'string', note: 'string' },
      bounded: 'note',
      enumField: 'status',
    },
    {
      url: '/complaints',
      sender: 'anonymous',
      template: { subjectId: lotId(g, 'L1'), message: 'smells of smoke' },
      required: { subjectId: 'string', message: 'string' },
      bounded: 'subjectId',
      enumField: 'lang',
    },
    {
      url: '/inspections/items',
      sender: 'regulator',
      template: { id: 'bad-input-item', name: 'Labelling' },
      required: { id: 'string', name: 'string' },
      bounded: 'name',
    },
    {
      url: '/inspections/inspectors',
      sender: 'regulator',
      template: { id: 'bad-input-inspector', name: 'Inspector', excludes: [], active: true },
      required: { id: 'string', name: 'string' },
      bounded: 'id',
    },
    {
      url: '/inspections/plans',
      sender: 'regulator',
      template: {
        title: 'Plan',
        items: [{ id: 'label', name: 'Labelling' }],
        inspectors: [{ id: 'i1', name: 'Inspector' }],
        rules: { version: 'v1', ratioPercentByGrade: { '1': 100, '2': 50, '3': 10 }, inspectorsPerTarget: 1 },
      },
      required: { title: 'string' },
      bounded: 'title',
    },
  ];
}

/** A JSON value whose type is not `kind`. */
export function wrongType(kind: Kind): fc.Arbitrary<unknown> {
  const all: Record<Kind, fc.Arbitrary<unknown>> = {
    string: fc.string(),
    array: fc.array(fc.integer(), { maxLength: 3 }),
    object: fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
    number: fc.double({ noNaN: true, noDefaultInfinity: true }),
    boolean: fc.boolean(),
  };
  return fc.oneof(
    fc.constant(null),
    ...Object.entries(all)
      .filter(([k]) => k !== kind)
      .map(([, a]) => a),
  );
}

/** A GTIN or GS1 key that must not parse: wrong check digit, wrong length, letters, unicode. */
export function badGs1(prefix: string): fc.Arbitrary<string> {
  const good = gtin(prefix, 42);
  const wrongCheck = fc.integer({ min: 1, max: 9 }).map((d) => `${good.slice(0, 13)}${(Number(good[13]) + d) % 10}`);
  const asLink = (g: string): string => `https://id.gs1.org/01/${g}/21/S1`;
  return fc.oneof(
    wrongCheck,
    wrongCheck.map(asLink),
    fc.stringMatching(/^\d{1,7}$|^\d{15,20}$/).map(asLink),
    fc.constantFrom(
      'urn:epc:id:sgtin:0614141.812345.',
      'urn:epc:id:sgtin:abc',
      'urn:epc:class:lgtin:0614141.0123456',
      'https://id.gs1.org/00/123',
    ),
    fc.constantFrom('\u202e', '\u0000', '\ud83c\udf75', '\u200d', '٠١٢').map((u) => asLink(`${good.slice(0, 7)}${u}${good.slice(7)}`)),
  );
}

/** Strings no field may carry: NUL, lone surrogates (halves of a pair). */
export const poisonedText: fc.Arbitrary<string> = fc
  .tuple(fc.string({ maxLength: 10 }), fc.constantFrom('\u0000', '\ud800', '\udfff', '\udc00x', 'a\ud83c'), fc.string({ maxLength: 10 }))
  .map(([a, b, c]) => `${a}${b}${c}`);

/** Raw request bodies that are not JSON at all. */
export function malformedJson(template: Record<string, unknown>): fc.Arbitrary<string> {
  const text = JSON.stringify(template);
  const isBad = (s: string): boolean => {
    try {
      JSON.parse(s);
      return false;
    } catch {
      return true;
    }
  };
  return fc
    .oneof(
      fc.integer({ min: 1, max: text.length - 1 }).map((n) => text.slice(0, n)),
      fc
        .tuple(fc.integer({ min: 0, max: text.length }), fc.constantFrom('}', ',', '"', ':', "'", 'NaN', '\\x'))
        .map(([n, c]) => `${text.slice(0, n)}${c}${text.slice(n)}`),
      fc.string(),
    )
    .filter((s) => s.trim() !== '' && isBad(s)); // an empty body is no body (withdraw takes none), not malformed JSON
}

/** A body with `key` twice; the second copy is the value a lenient parser would keep. */
export function duplicateKeyText(template: Record<string, unknown>, key: string, second: unknown): string {
  return JSON.stringify(template).replace(/}$/, `,${JSON.stringify(key)}:${JSON.stringify(second)}}`);
}

/** A body nested `depth` levels deep inside `field` (text, so building it cannot overflow the stack). */
export function deepText(template: Record<string, unknown>, field: string, depth: number): string {
  const nest = `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`;
  return JSON.stringify({ ...template, [field]: 0 }).replace(`${JSON.stringify(field)}:0`, `${JSON.stringify(field)}:${nest}`);
}
