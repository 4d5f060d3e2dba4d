/**
 * CBV 2.0 EPCIS event hash id: a canonical pre-hash string built from an EPCIS 2.0 JSON event,
 * hashed with SHA-256 and written as `ni:///sha-256;{hex}?ver=CBV2.0`.
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';

import { hashKeyIdentifier } from './hash-identifiers';
import { isObject, normaliseNumber, normaliseTime, sortedJoin, toArray, valueText } from './hash-text';

/** Namespace prefixes declared in the document's @context, e.g. `{ example: 'http://ns.example.com/epcis/' }`. */
export type NamespaceMap = Readonly<Record<string, string>>;

type JsonObject = Readonly<Record<string, unknown>>;
type Renderer = (key: string, value: unknown, ctx: Context) => string;

interface Context {
  readonly namespaces: NamespaceMap;
}

/** One field of a standard structure: its key, and how its value is normalised. */
interface FieldRule {
  readonly key: string;
  /** Prefix that turns a bare vocabulary word into its web URI. */
  readonly vocab?: string;
  readonly time?: boolean;
}

const CBV = 'https://ref.gs1.org/cbv/';
const GS1_VOC = 'https://gs1.org/voc/';

const DEFAULT_NAMESPACES: NamespaceMap = { cbv: CBV, gs1: GS1_VOC };

const CBV_URN_PREFIXES: readonly (readonly [string, string])[] = [
  ['urn:epcglobal:cbv:bizstep:', `${CBV}BizStep-`],
  ['urn:epcglobal:cbv:disp:', `${CBV}Disp-`],
  ['urn:epcglobal:cbv:btt:', `${CBV}BTT-`],
  ['urn:epcglobal:cbv:sdt:', `${CBV}SDT-`],
  ['urn:epcglobal:cbv:er:', `${CBV}ER-`],
];

const SENSOR_METADATA_FIELDS: readonly FieldRule[] = [
  { key: 'time', time: true },
  { key: 'startTime', time: true },
  { key: 'endTime', time: true },
  { key: 'deviceID' },
  { key: 'deviceMetadata' },
  { key: 'rawData' },
  { key: 'dataProcessingMethod' },
  { key: 'bizRules' },
];

const SENSOR_REPORT_FIELDS: readonly FieldRule[] = [
  { key: 'type', vocab: GS1_VOC },
  { key: 'exception', vocab: GS1_VOC },
  { key: 'deviceID' },
  { key: 'deviceMetadata' },
  { key: 'rawData' },
  { key: 'dataProcessingMethod' },
  { key: 'time', time: true },
  ...['microorganism', 'chemicalSubstance', 'value'].map((key) => ({ key })),
  { key: 'component', vocab: `${CBV}Comp-` },
  ...[
    'stringValue',
    'booleanValue',
    'hexBinaryValue',
    'uriValue',
    'minValue',
    'maxValue',
    'meanValue',
    'sDev',
    'percRank',
    'percValue',
    'uom',
    'coordinateReferenceSystem',
  ].map((key) => ({ key })),
];

const QUANTITY_FIELDS: readonly FieldRule[] = [{ key: 'epcClass' }, { key: 'quantity' }, { key: 'uom' }];
const LOCATION_FIELDS: readonly FieldRule[] = [{ key: 'id' }];

/**
 * Event keys never part of the hash: the event id (which may itself be the hash), when it was
 * recorded, a later error declaration, and the JSON-LD context. `type` is written first, as
 * `eventType`. Comments are skipped at every level (see {@link isIgnoredKey}).
 */
const EXCLUDED_KEYS: ReadonlySet<string> = new Set(['type', 'eventID', 'recordTime', 'errorDeclaration', '@context']);

/** Choices that change which of an event's fields are hashed. */
export interface EventHashOptions {
  /**
   * Top-level event keys to leave out of the hash as well, written as in the event
   * (e.g. `['repository-x:hash', 'example:captureID']`): fields a repository adds to events it
   * stores, which would otherwise change the hash. Prefixed names also match the same field under
   * another prefix for the same namespace. Nothing beyond {@link EXCLUDED_KEYS} is left out by
   * default: CBV 2.0 hashes every user extension.
   */
  readonly ignoreFields?: readonly string[];
}

/**
 * Builds the CBV 2.0 pre-hash string of an EPCIS 2.0 JSON event.
 *
 * @param event - the event as JSON (bare CBV words, EPC URNs or Digital Links, CURIE extensions)
 * @param namespaces - extension namespace prefixes from the document's `@context`; prefixes in the
 *   event's own `@context` are used too, and these take precedence
 * @param options - further top-level fields to leave out
 */
export function eventHashPreimage(event: JsonObject, namespaces: NamespaceMap = {}, options: EventHashOptions = {}): string {
  const ctx: Context = {
    namespaces: { ...DEFAULT_NAMESPACES, ...namespacesFromContext(event['@context']), ...namespaces },
  };
  const hashed = withoutIgnoredFields(event, options.ignoreFields ?? [], ctx);
  let out = typeof hashed['type'] === 'string' ? `eventType=${hashed['type'].trim()}` : '';
  for (const [key, render] of EVENT_FIELDS) {
    out += render(key, hashed[key], ctx);
  }
  const tail = extensionEntriesOf(hashed, HANDLED_EVENT_KEYS, ctx);
  for (const [key, render] of TAIL_FIELDS) {
    const text = render(key, hashed[key], ctx);
    if (text !== '') tail.push(text);
  }
  return out + sortedJoin(tail);
}

/**
 * CBV 2.0 event hash id of an EPCIS 2.0 JSON event: `ni:///sha-256;{hex}?ver=CBV2.0`.
 *
 * @param event - the event as JSON
 * @param namespaces - extension namespace prefixes from the document's `@context`
 * @param options - further top-level fields to leave out
 */
export function eventHashId(event: JsonObject, namespaces?: NamespaceMap, options?: EventHashOptions): string {
  const digest = createHash('sha256')
    .update(eventHashPreimage(event, namespaces, options), 'utf8')
    .digest('hex');
  return `ni:///sha-256;${digest}?ver=CBV2.0`;
}

/**
 * Collects namespace prefix declarations (`{prefix: uri}` entries) from a JSON-LD `@context`
 * value, which may be a string, an object or an array of both. Keywords (`@…`) and non-string
 * term definitions are ignored; later entries win.
 */
export function namespacesFromContext(context: unknown): NamespaceMap {
  const found: Record<string, string> = {};
  for (const entry of Array.isArray(context) ? context : [context]) {
    if (!isObject(entry)) continue;
    for (const [prefix, uri] of Object.entries(entry)) {
      if (typeof uri === 'string' && !prefix.startsWith('@')) {
        found[prefix] = uri;
      }
    }
  }
  return found;
}

/**
 * Standard event fields written in this fixed order, after `eventType`. The order is the reference
 * generator's (which decides the published hashes): `parentID` comes before `epcList`, unlike the
 * order table of its README.
 */
const EVENT_FIELDS: readonly (readonly [string, Renderer])[] = [
  ['eventTime', scalarRenderer({ key: 'eventTime', time: true })],
  ['eventTimeZoneOffset', scalarRenderer({ key: 'eventTimeZoneOffset' })],
  // The reference generator hashes certificationInfo here (its issue #75), so it is not excluded.
  ['certificationInfo', scalarRenderer({ key: 'certificationInfo' })],
  ['parentID', scalarRenderer({ key: 'parentID' })],
  ['epcList', epcListField],
  ['inputEPCList', epcListField],
  ['childEPCs', epcListField],
  ['quantityList', quantityListField],
  ['childQuantityList', quantityListField],
  ['inputQuantityList', quantityListField],
  ['outputEPCList', epcListField],
  ['outputQuantityList', quantityListField],
  ['action', scalarRenderer({ key: 'action' })],
  ['transformationID', scalarRenderer({ key: 'transformationID' })],
  ['bizStep', scalarRenderer({ key: 'bizStep', vocab: `${CBV}BizStep-` })],
  ['disposition', scalarRenderer({ key: 'disposition', vocab: `${CBV}Disp-` })],
  ['persistentDisposition', persistentDispositionField],
  ['readPoint', locationField],
  ['bizLocation', locationField],
  ['sensorElementList', sensorElementListField],
];

/**
 * Standard fields with no fixed place: each is written as one entry and sorted together with the
 * event's extensions, so the business transactions, destinations, ILMD and sources follow the sensor
 * elements in that (alphabetical) order, and extensions (`{namespace}…`) come last. This is where
 * the reference generator writes them in every published example.
 */
const TAIL_FIELDS: readonly (readonly [string, Renderer])[] = [
  ['bizTransactionList', typedListRenderer('bizTransaction', `${CBV}BTT-`)],
  ['destinationList', typedListRenderer('destination', `${CBV}SDT-`)],
  ['ilmd', ilmdField],
  ['sourceList', typedListRenderer('source', `${CBV}SDT-`)],
];

const HANDLED_EVENT_KEYS: ReadonlySet<string> = new Set([
  ...EXCLUDED_KEYS,
  ...EVENT_FIELDS.map(([key]) => key),
  ...TAIL_FIELDS.map(([key]) => key),
]);

/** The event without the top-level keys named in `ignoreFields` (compared as written and expanded). */
function withoutIgnoredFields(event: JsonObject, ignoreFields: readonly string[], ctx: Context): JsonObject {
  if (ignoreFields.length === 0) return event;
  const ignored = new Set(ignoreFields.flatMap((name) => [name, expandKey(name, ctx)]));
  return Object.fromEntries(Object.entries(event).filter(([key]) => !ignored.has(key) && !ignored.has(expandKey(key, ctx))));
}

function scalarRenderer(rule: FieldRule): Renderer {
  return (_key, value, ctx) => scalarField(rule, value, ctx);
}

/** `key=value`, one per value when the field holds an array (sorted); empty values are skipped. */
function scalarField(rule: FieldRule, value: unknown, ctx: Context): string {
  const entries: string[] = [];
  for (const item of toArray(value)) {
    const text = rule.time === true ? normaliseTime(valueText(item)) : canonicalValue(valueText(item), ctx, rule.vocab);
    if (text !== '') entries.push(`${rule.key}=${text}`);
  }
  return sortedJoin(entries);
}

function epcListField(key: string, value: unknown, ctx: Context): string {
  return listOf(
    key,
    toArray(value).map((epc) => scalarField({ key: 'epc' }, epc, ctx)),
  );
}

function quantityListField(key: string, value: unknown, ctx: Context): string {
  return listOf(
    key,
    toArray(value).map((element) => structure('quantityElement', element, QUANTITY_FIELDS, ctx, false)),
  );
}

function persistentDispositionField(key: string, value: unknown, ctx: Context): string {
  if (!isObject(value)) return '';
  const inner =
    scalarField({ key: 'set', vocab: `${CBV}Disp-` }, value['set'], ctx) +
    scalarField({ key: 'unset', vocab: `${CBV}Disp-` }, value['unset'], ctx);
  return inner === '' ? '' : key + inner;
}

function locationField(key: string, value: unknown, ctx: Context): string {
  return structure(key, value, LOCATION_FIELDS, ctx, true);
}

/** Lists of `{type, <child>}`: each element written `type=…<child>=…`, elements sorted. */
function typedListRenderer(childKey: string, typeVocab: string): Renderer {
  return (key, value, ctx) =>
    listOf(
      key,
      toArray(value).map((element) => {
        if (!isObject(element)) return '';
        return (
          scalarField({ key: 'type', vocab: typeVocab }, element['type'], ctx) + scalarField({ key: childKey }, element[childKey], ctx)
        );
      }),
    );
}

function sensorElementListField(key: string, value: unknown, ctx: Context): string {
  return listOf(
    key,
    toArray(value).map((element) => sensorElement(element, ctx)),
  );
}

/** `sensorElement`, its metadata, its reports (sorted), then its own extensions. */
function sensorElement(element: unknown, ctx: Context): string {
  if (!isObject(element)) return '';
  const metadata = structure('sensorMetadata', element['sensorMetadata'], SENSOR_METADATA_FIELDS, ctx, true);
  const reports = toArray(element['sensorReport']).map((report) => structure('sensorReport', report, SENSOR_REPORT_FIELDS, ctx, true));
  const inner = metadata + sortedJoin(reports) + extensionsOf(element, SENSOR_ELEMENT_KEYS, ctx);
  return inner === '' ? '' : `sensorElement${inner}`;
}

const SENSOR_ELEMENT_KEYS: ReadonlySet<string> = new Set(['sensorMetadata', 'sensorReport']);

function ilmdField(key: string, value: unknown, ctx: Context): string {
  if (!isObject(value)) return '';
  const inner = extensionsOf(value, EMPTY_SET, ctx);
  return inner === '' ? '' : key + inner;
}

const EMPTY_SET: ReadonlySet<string> = new Set();

/**
 * A standard structure: its name, its fields in the given order, then (for extension points) any
 * other members as sorted extension entries. Empty structures are skipped.
 */
function structure(name: string, value: unknown, fields: readonly FieldRule[], ctx: Context, extensible: boolean): string {
  if (!isObject(value)) return '';
  let inner = '';
  for (const rule of fields) {
    inner += scalarField(rule, value[rule.key], ctx);
  }
  if (extensible) {
    inner += extensionsOf(value, new Set(fields.map((rule) => rule.key)), ctx);
  }
  return inner === '' ? '' : name + inner;
}

/** `name` followed by its non-empty children sorted, or nothing when all are empty. */
function listOf(name: string, children: readonly string[]): string {
  const joined = sortedJoin(children.filter((child) => child !== ''));
  return joined === '' ? '' : name + joined;
}

/** Members of `object` not in `handled`, written `{namespace}local=value` and sorted. */
function extensionsOf(object: JsonObject, handled: ReadonlySet<string>, ctx: Context): string {
  return sortedJoin(extensionEntriesOf(object, handled, ctx));
}

/** The unsorted entries of {@link extensionsOf}. */
function extensionEntriesOf(object: JsonObject, handled: ReadonlySet<string>, ctx: Context): string[] {
  const entries: string[] = [];
  for (const [key, value] of Object.entries(object)) {
    if (handled.has(key) || isIgnoredKey(key)) continue;
    entries.push(...extensionEntries(expandKey(key, ctx), value, ctx));
  }
  return entries;
}

/** Entries for one extension member; arrays give one entry per item, objects nest recursively. */
function extensionEntries(name: string, value: unknown, ctx: Context): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((item: unknown) => extensionEntries(name, item, ctx));
  }
  if (isObject(value)) {
    return [name + extensionsOf(value, EMPTY_SET, ctx)];
  }
  if (value === null || value === undefined) {
    return [];
  }
  const text = canonicalValue(valueText(value), ctx, undefined);
  return [text === '' ? name : `${name}=${text}`];
}

function isIgnoredKey(key: string): boolean {
  return key.startsWith('@') || key === '#text' || key === 'comment' || key === 'rdfs:comment';
}

/** `prefix:local` with a declared prefix → `{namespace}local`; other keys unchanged. */
function expandKey(key: string, ctx: Context): string {
  const colon = key.indexOf(':');
  if (colon <= 0) return key;
  const namespace = namespaceFor(key.slice(0, colon), ctx);
  return namespace === undefined ? key : `{${namespace}}${key.slice(colon + 1)}`;
}

function namespaceFor(prefix: string, ctx: Context): string | undefined {
  return Object.prototype.hasOwnProperty.call(ctx.namespaces, prefix) ? ctx.namespaces[prefix] : undefined;
}

/**
 * Trims, expands bare vocabulary words, CBV URNs and CURIEs, strips redundant zeros from numbers
 * and writes GS1 keys (EPC URNs, Digital Links on any host) as canonical Digital Links; anything
 * else is kept as written.
 */
function canonicalValue(raw: string, ctx: Context, vocab: string | undefined): string {
  const text = raw.trim();
  if (text === '') return '';
  if (vocab !== undefined && !text.includes(':')) return vocab + text;
  const expanded = cbvUrnToWeb(text) ?? expandCurie(text, ctx) ?? text;
  const numeric = normaliseNumber(expanded);
  if (numeric !== undefined) return numeric;
  return hashKeyIdentifier(expanded) ?? expanded;
}

function cbvUrnToWeb(text: string): string | undefined {
  if (!text.startsWith('urn:epcglobal:cbv:')) return undefined;
  for (const [urn, web] of CBV_URN_PREFIXES) {
    if (text.startsWith(urn)) return web + text.slice(urn.length);
  }
  return undefined;
}

function expandCurie(text: string, ctx: Context): string | undefined {
  const colon = text.indexOf(':');
  if (colon <= 0 || text.startsWith('//', colon + 1)) return undefined;
  const namespace = namespaceFor(text.slice(0, colon), ctx);
  return namespace === undefined ? undefined : namespace + text.slice(colon + 1);
}
