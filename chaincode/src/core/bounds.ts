import { invalid } from './errors';

/**
 * Sizes an EPCIS event must keep so that every value fits the index it is projected into:
 * `numeric(20,6)` quantities, `timestamptz` times, B-tree keys of at most 2,704 bytes (custody and
 * lineage keys hold up to four identifiers at once: event id, node, type and party), and jsonb text.
 */
export interface EventLimits {
  /** Longest identifier or URI (eventID, EPCs, classes, locations, parties, vocabulary URIs), in UTF-8 bytes. */
  readonly identifierBytes: number;
  /** Longest other string value or object key anywhere in the event, in UTF-8 bytes. */
  readonly stringBytes: number;
  /** Largest event as JSON text, in UTF-8 bytes. */
  readonly eventBytes: number;
}

/** The chaincode's fixed limits; the service's configurable ones may only be lower. */
export const HARD_LIMITS: EventLimits = Object.freeze({ identifierBytes: 600, stringBytes: 65536, eventBytes: 1024 * 1024 });

/** Quantities fit `numeric(20,6)`: 0 ≤ q < 1e14 with at most 6 decimals. */
export const MAX_QUANTITY_EXCLUSIVE = 1e14;
export const MAX_QUANTITY_DECIMALS = 6;
/** Event and declaration times, as instants: 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z. */
export const EARLIEST_TIME = Date.UTC(1970, 0, 1);
export const LATEST_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
/** Deepest JSON nesting inside one event (jsonb has a stack limit; the service's JSON_MAX_DEPTH is at most this). */
export const MAX_EVENT_DEPTH = 512;

/** One field outside its bounds: a dotted path below the event and what is wrong. */
export interface BoundIssue {
  readonly path: string;
  readonly message: string;
}

type Json = Readonly<Record<string, unknown>>;

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-](?:0\d|1[0-5]):[0-5]\d)$/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const ID_FIELDS = ['eventID', 'parentID', 'transformationID', 'bizStep', 'disposition'];
const ID_LISTS = ['epcList', 'childEPCs', 'inputEPCList', 'outputEPCList'];
const QUANTITY_LISTS = ['quantityList', 'childQuantityList', 'inputQuantityList', 'outputQuantityList'];
// List fields whose items carry identifiers under these keys.
const ID_ITEM_KEYS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ...QUANTITY_LISTS.map((f) => [f, ['epcClass']] as const),
  ['sourceList', ['type', 'source']],
  ['destinationList', ['type', 'destination']],
  ['bizTransactionList', ['type', 'bizTransaction']],
];

const utf8Bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/** Digits after the decimal point of a number's shortest decimal form (1.5e-7 has 8). */
export function decimalsOf(q: number): number {
  const m = /^-?\d+(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(q));
  if (!m) return Infinity;
  return Math.max(0, (m[1]?.length ?? 0) - Number(m[2] ?? 0));
}

/** Why `q` is not a storable EPCIS quantity, or undefined when it is. */
export function quantityIssue(q: unknown): string | undefined {
  if (typeof q !== 'number' || !Number.isFinite(q)) return 'must be a finite number';
  if (q < 0) return 'must not be negative';
  if (q >= MAX_QUANTITY_EXCLUSIVE) return `must be below ${MAX_QUANTITY_EXCLUSIVE.toExponential()} (numeric(20,6))`;
  if (decimalsOf(q) > MAX_QUANTITY_DECIMALS) return `must have at most ${MAX_QUANTITY_DECIMALS} decimals`;
  return undefined;
}

function isCalendarTime(m: RegExpExecArray): boolean {
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const day = new Date(Date.UTC(2000, mo - 1, d));
  day.setUTCFullYear(y);
  return day.getUTCMonth() === mo - 1 && day.getUTCDate() === d && h <= 23 && mi <= 59 && s <= 59;
}

/** Why `value` is not a storable ISO 8601 instant within 1970–9999, or undefined when it is. */
export function timeIssue(value: unknown): string | undefined {
  const m = typeof value === 'string' ? ISO_TIME.exec(value) : null;
  if (!m) return 'must be an ISO 8601 date-time with a time zone';
  const t = Date.parse(m[0]);
  if (!isCalendarTime(m) || Number.isNaN(t)) return 'is not a calendar date and time';
  if (t < EARLIEST_TIME || t > LATEST_TIME) return 'must lie between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z';
  return undefined;
}

function textIssue(s: string, limit: number): string | undefined {
  if (s.includes('\u0000') || LONE_SURROGATE.test(s)) return 'must not contain NUL or an unpaired surrogate';
  const bytes = utf8Bytes(s);
  return bytes > limit ? `is ${bytes} bytes long; at most ${limit} are allowed` : undefined;
}

function joinPath(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;
}

function listOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function objectOf(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

/** Where the index keys on a string of the event: [path, value] for each identifier or URI. */
function identifierSlots(event: Json): Array<readonly [string, unknown]> {
  const slots: Array<readonly [string, unknown]> = ID_FIELDS.map((f) => [f, event[f]] as const);
  for (const f of ID_LISTS) listOf(event[f]).forEach((v, i) => slots.push([`${f}[${i}]`, v]));
  for (const f of ['readPoint', 'bizLocation']) slots.push([`${f}.id`, objectOf(event[f]).id]);
  for (const [f, keys] of ID_ITEM_KEYS)
    listOf(event[f]).forEach((item, i) => keys.forEach((k) => slots.push([`${f}[${i}].${k}`, objectOf(item)[k]])));
  const persistent = objectOf(event.persistentDisposition);
  for (const f of ['set', 'unset']) listOf(persistent[f]).forEach((v, i) => slots.push([`persistentDisposition.${f}[${i}]`, v]));
  const declaration = objectOf(event.errorDeclaration);
  slots.push(['errorDeclaration.reason', declaration.reason]);
  listOf(declaration.correctiveEventIDs).forEach((v, i) => slots.push([`errorDeclaration.correctiveEventIDs[${i}]`, v]));
  return slots;
}

function identifierIssues(event: Json, limits: EventLimits, issues: BoundIssue[]): void {
  for (const [path, value] of identifierSlots(event)) {
    const issue = typeof value === 'string' ? textIssue(value, limits.identifierBytes) : undefined;
    if (issue) issues.push({ path, message: issue });
  }
}

type Visit = [value: unknown, path: string, depth: number];

// Checks an object's keys and queues its children, unless it nests too deep to look inside.
function visitChildren([value, path, depth]: Visit, limits: EventLimits, issues: BoundIssue[], stack: Visit[]): void {
  if (depth >= MAX_EVENT_DEPTH) {
    issues.push({ path, message: `nests deeper than ${MAX_EVENT_DEPTH} levels` });
    return;
  }
  const isArray = Array.isArray(value);
  for (const [k, child] of Object.entries(value as object)) {
    const at = joinPath(path, isArray ? Number(k) : k);
    const keyIssue = isArray ? undefined : textIssue(k, limits.stringBytes);
    if (keyIssue) issues.push({ path: at, message: `key ${keyIssue}` });
    stack.push([child, at, depth + 1]);
  }
}

function walkIssues(event: Json, limits: EventLimits, issues: BoundIssue[]): void {
  const reported = new Set(issues.map((i) => i.path));
  const stack: Visit[] = [[event, '', 0]];
  while (stack.length > 0 && issues.length < 20) {
    const visit = stack.pop() as Visit;
    const [value, path] = visit;
    if (typeof value === 'string') {
      const issue = reported.has(path) ? undefined : textIssue(value, limits.stringBytes);
      if (issue) issues.push({ path, message: issue });
    } else if (value !== null && typeof value === 'object') visitChildren(visit, limits, issues, stack);
  }
}

function quantityIssues(event: Json, issues: BoundIssue[]): void {
  for (const field of QUANTITY_LISTS) {
    const list = event[field];
    if (!Array.isArray(list)) continue;
    list.forEach((item: unknown, i) => {
      const q = (item as Json | null)?.quantity;
      const issue = q === undefined ? undefined : quantityIssue(q);
      if (issue) issues.push({ path: `${field}[${i}].quantity`, message: issue });
    });
  }
}

function timeIssues(event: Json, issues: BoundIssue[]): void {
  const eventTime = timeIssue(event.eventTime);
  if (eventTime) issues.push({ path: 'eventTime', message: eventTime });
  const declaration = event.errorDeclaration;
  if (typeof declaration === 'object' && declaration !== null) {
    const declared = timeIssue((declaration as Json).declarationTime);
    if (declared) issues.push({ path: 'errorDeclaration.declarationTime', message: declared });
  }
}

/**
 * Every field of `event` outside `limits` (at most about 20), paths relative to the event.
 * Pure and deterministic: the chaincode and the service run the same checks.
 */
export function eventBoundIssues(event: Json, limits: EventLimits = HARD_LIMITS): BoundIssue[] {
  const issues: BoundIssue[] = [];
  const bytes = utf8Bytes(JSON.stringify(event));
  if (bytes > limits.eventBytes)
    return [{ path: '', message: `the event is ${bytes} bytes as JSON; at most ${limits.eventBytes} are allowed` }];
  timeIssues(event, issues);
  quantityIssues(event, issues);
  identifierIssues(event, limits, issues);
  walkIssues(event, limits, issues);
  return issues;
}

/**
 * Refuses an event that would not fit the index.
 * @throws RuleError INVALID naming the first field out of bounds, e.g. `eventList[0].bizLocation.id: is 3000 bytes long…`
 */
export function checkEventBounds(event: Json, path = 'event'): void {
  const first = eventBoundIssues(event)[0];
  if (first) throw invalid(`${first.path ? joinPath(path, first.path) : path}: ${first.message}`);
}

/**
 * Refuses an eventID that would not fit the index (when it travels beside the event, not in it).
 * @throws RuleError INVALID naming `path`
 */
export function checkEventId(eventID: string, path = 'eventID'): void {
  const issue = textIssue(eventID, HARD_LIMITS.identifierBytes);
  if (issue) throw invalid(`${path}: ${issue}`);
}
