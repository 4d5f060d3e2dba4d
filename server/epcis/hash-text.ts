/**
 * Text forms the CBV 2.0 pre-hash writes values in: numbers without redundant zeros, times in UTC with
 * milliseconds, strings ordered by code point, and the small helpers the field writers share.
 */

type JsonObject = Readonly<Record<string, unknown>>;

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;
const SCIENTIFIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)[eE][+-]?\d+$/;

/** Decimal text without a leading `+`, leading zeros or trailing zeros; undefined for non-numbers. */
export function normaliseNumber(text: string): string | undefined {
  if (SCIENTIFIC.test(text)) return formatNumber(Number(text));
  const match = DECIMAL.exec(text);
  if (match === null) return undefined;
  const [, sign = '', whole = '', fraction = ''] = match;
  if (whole === '' && fraction === '') return undefined;
  const magnitude = trimDecimal(whole, fraction);
  return sign === '-' && magnitude !== '0' ? `-${magnitude}` : magnitude;
}

function trimDecimal(whole: string, fraction: string): string {
  const integer = whole.replace(/^0+(?=\d)/, '') || '0';
  let end = fraction.length;
  while (end > 0 && fraction.charCodeAt(end - 1) === 0x30) end--;
  return end === 0 ? integer : `${integer}.${fraction.slice(0, end)}`;
}

function formatNumber(value: number): string {
  return Object.is(value, -0) ? '0' : String(value);
}

export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? formatNumber(value) : '';
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return '';
}

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;

/** ISO 8601 date-time → UTC with exactly three decimals and `Z`; unparseable text is kept trimmed. */
export function normaliseTime(raw: string): string {
  const text = raw.trim();
  const match = ISO_TIME.exec(text);
  if (match === null) return text;
  const [, year, month, day, hour, minute, second = '0', fraction = '', zone = 'Z'] = match;
  const millis =
    Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second)) +
    roundedMillis(fraction) -
    offsetMinutes(zone) * 60_000;
  return Number.isFinite(millis) ? new Date(millis).toISOString() : text;
}

/** Fraction of a second in whole milliseconds, rounding half up on the fourth decimal. */
function roundedMillis(fraction: string): number {
  const millis = Number(fraction.slice(0, 3).padEnd(3, '0'));
  return fraction.charCodeAt(3) >= 0x35 ? millis + 1 : millis;
}

function offsetMinutes(zone: string): number {
  if (zone === 'Z' || zone === 'z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
  return zone.startsWith('-') ? -minutes : minutes;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function toArray(value: unknown): readonly unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function sortedJoin(entries: string[]): string {
  return entries.sort(compareCodePoints).join('');
}

/** Orders strings by Unicode code point, i.e. by their UTF-8 bytes (plain `sort` uses UTF-16 units). */
function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  return unit >= 0xe000 ? unit - 0x800 : unit;
}
