/**
 * GS1 identifier parsing and canonicalisation.
 *
 * Accepts GS1 Digital Link URIs (any http(s) host, optional path prefix) and EPC URNs for trade items,
 * lots, SSCCs and GLNs, validates them, and returns one canonical Digital Link on `https://id.gs1.org`.
 * Any other absolute URI is passed through unchanged as an opaque identifier.
 *
 * Pure and dependency-free: this module also runs inside the Fabric chaincode.
 *
 * @packageDocumentation
 */

import { parseEpcUrn } from './epc-urn';
import {
  IdentifierError,
  GS1_ORIGIN,
  gs1CheckDigit,
  tradeItem,
  sscc,
  gln,
  checkAttribute,
  decodeSegment,
  encodeAttribute,
  isDigits,
  lookup,
  type ParsedIdentifier,
  type Qualifiers,
} from './gs1-parts';

export { IdentifierError, gs1CheckDigit, type IdentifierKind, type ParsedIdentifier } from './gs1-parts';

interface KeySpec {
  readonly label: string;
  readonly lengths: readonly number[];
  /** Qualifier AIs allowed after the key, in the order Digital Link requires. */
  readonly qualifiers: readonly string[];
}

const PRIMARY_KEYS: Readonly<Record<string, KeySpec>> = {
  '01': { label: 'GTIN', lengths: [8, 12, 13, 14], qualifiers: ['22', '10', '21'] },
  '00': { label: 'SSCC', lengths: [18], qualifiers: [] },
  '414': { label: 'GLN', lengths: [13], qualifiers: ['254'] },
};

/**
 * Parses and validates an identifier.
 *
 * @param input - a GS1 Digital Link URI, an EPC URN, or any other absolute URI
 * @returns the parsed identifier; other absolute URIs come back unchanged as kind `opaque`
 * @throws {@link IdentifierError} when the input is empty, contains whitespace, has no scheme,
 *   or is a malformed GS1 identifier
 */
export function parseIdentifier(input: string): ParsedIdentifier {
  if (typeof input !== 'string' || input.length === 0) {
    throw new IdentifierError('identifier is empty');
  }
  if (hasWhitespaceOrControl(input)) {
    throw new IdentifierError('identifier contains whitespace or control characters');
  }
  const colon = schemeEnd(input);
  if (colon < 0) {
    throw new IdentifierError('identifier is not an absolute URI (no scheme)');
  }
  if (colon === input.length - 1) {
    throw new IdentifierError('identifier has nothing after its scheme');
  }
  const scheme = input.slice(0, colon).toLowerCase();
  const parsed = scheme === 'http' || scheme === 'https' ? parseDigitalLink(input, colon) : parseEpcUrn(input);
  return parsed ?? { canonical: input, kind: 'opaque' };
}

/**
 * Canonical form of an identifier.
 *
 * @throws {@link IdentifierError} as {@link parseIdentifier}
 */
export function canonicalIdentifier(input: string): string {
  return parseIdentifier(input).canonical;
}

/** Whether a digit string (data digits followed by a check digit) has a correct GS1 check digit. */
export function hasValidCheckDigit(digits: string): boolean {
  if (digits.length < 2 || !isDigits(digits)) {
    return false;
  }
  return gs1CheckDigit(digits.slice(0, -1)) === digits.charCodeAt(digits.length - 1) - 48;
}

/** Canonical lot-class id (`https://id.gs1.org/01/{gtin}/10/{lot}`) when GTIN and lot are known. */
export function lotClassOf(parsed: ParsedIdentifier): string | undefined {
  if (parsed.gtin === undefined || parsed.lot === undefined) {
    return undefined;
  }
  return `${GS1_ORIGIN}/01/${parsed.gtin}/10/${encodeAttribute(parsed.lot)}`;
}

/** Canonical product id (`https://id.gs1.org/01/{gtin}`) when a GTIN is known. */
export function productOf(parsed: ParsedIdentifier): string | undefined {
  return parsed.gtin === undefined ? undefined : `${GS1_ORIGIN}/01/${parsed.gtin}`;
}

/**
 * Whether a GS1 Company Prefix owns the identifier: GTIN digits 2–14 or SSCC digits 2–18 start
 * with it, or the GLN starts with it. Opaque identifiers and non-numeric prefixes never match.
 */
export function ownedByPrefix(parsed: ParsedIdentifier, companyPrefix: string): boolean {
  if (!isDigits(companyPrefix)) {
    return false;
  }
  if (parsed.gtin !== undefined) {
    return parsed.gtin.startsWith(companyPrefix, 1);
  }
  if (parsed.sscc !== undefined) {
    return parsed.sscc.startsWith(companyPrefix, 1);
  }
  return parsed.gln !== undefined && parsed.gln.startsWith(companyPrefix);
}

function parseDigitalLink(input: string, colon: number): ParsedIdentifier | undefined {
  const segments = pathSegments(input, colon);
  if (segments === undefined) {
    return undefined;
  }
  const start = primaryKeyIndex(segments);
  if (start >= 0) return parseKeyPath(segments, start);
  // On GS1's own resolver host, a bare path or a key we know without its value is a mistake, not an opaque id.
  const gs1Host = /^https?:\/\/id\.gs1\.org(?:[/:?#]|$)/i.test(input);
  if (gs1Host && (segments.length === 0 || lookup(PRIMARY_KEYS, segments[0]) !== undefined)) {
    throw new IdentifierError('a https://id.gs1.org URI must name a GS1 key, e.g. /01/{GTIN-14} or /00/{SSCC}');
  }
  return undefined;
}

/** Path segments of a hierarchical http(s) URI, without query, fragment or a trailing slash. */
function pathSegments(input: string, colon: number): string[] | undefined {
  if (!input.startsWith('//', colon + 1)) {
    return undefined;
  }
  const pathStart = input.indexOf('/', colon + 3);
  if (pathStart < 0) {
    return undefined;
  }
  let end = input.length;
  const query = input.indexOf('?', pathStart);
  const fragment = input.indexOf('#', pathStart);
  if (query >= 0) end = query;
  if (fragment >= 0 && fragment < end) end = fragment;
  const segments = input.slice(pathStart + 1, end).split('/');
  if (segments.length > 0 && segments[segments.length - 1] === '') {
    segments.pop();
  }
  return segments;
}

/**
 * Index of the primary key AI: the leftmost recognised AI followed by whole AI/value pairs, or
 * followed by something shaped like its key (so a dangling qualifier is reported, not ignored).
 */
function primaryKeyIndex(segments: readonly string[]): number {
  for (let i = 0; i < segments.length; i++) {
    const spec = lookup(PRIMARY_KEYS, segments[i]);
    if (spec === undefined) continue;
    if ((segments.length - i) % 2 === 0 || looksLikeKey(segments[i + 1], spec)) {
      return i;
    }
  }
  return -1;
}

function looksLikeKey(segment: string | undefined, spec: KeySpec): boolean {
  return segment !== undefined && isDigits(segment) && spec.lengths.includes(segment.length);
}

function parseKeyPath(segments: readonly string[], start: number): ParsedIdentifier {
  const ai = segments[start] ?? '';
  const spec = PRIMARY_KEYS[ai] as KeySpec;
  const raw = segments[start + 1];
  if (raw === undefined || raw === '') {
    throw new IdentifierError(`${spec.label} is missing after /${ai}/`);
  }
  const key = decodeSegment(raw);
  checkKey(spec, key);
  const qualifiers = parseQualifiers(segments, start + 2, ai, spec);
  if (ai === '01') return tradeItem(key.padStart(14, '0'), qualifiers);
  if (ai === '00') return sscc(key);
  return gln(key, qualifiers['254']);
}

function parseQualifiers(segments: readonly string[], from: number, ai: string, spec: KeySpec): Qualifiers {
  const found: Qualifiers = {};
  let lastRank = -1;
  for (let i = from; i < segments.length; i += 2) {
    const qualifier = segments[i] ?? '';
    const rank = spec.qualifiers.indexOf(qualifier);
    if (rank < 0) {
      throw new IdentifierError(`AI ${qualifier} is not a key qualifier of AI ${ai}`);
    }
    if (rank <= lastRank) {
      throw new IdentifierError(`AI ${qualifier} is out of order: after /${ai}/ the order is ${spec.qualifiers.join(', ')}`);
    }
    const value = segments[i + 1];
    if (value === undefined || value === '') {
      throw new IdentifierError(`AI ${qualifier} has no value`);
    }
    found[qualifier] = checkAttribute(qualifier, decodeSegment(value));
    lastRank = rank;
  }
  return found;
}

function checkKey(spec: KeySpec, key: string): void {
  if (!isDigits(key)) {
    throw new IdentifierError(`${spec.label} must contain only digits`);
  }
  if (!spec.lengths.includes(key.length)) {
    throw new IdentifierError(`${spec.label} must have ${describeLengths(spec.lengths)} digits, not ${key.length}`);
  }
  const expected = gs1CheckDigit(key.slice(0, -1));
  if (expected !== key.charCodeAt(key.length - 1) - 48) {
    throw new IdentifierError(`${spec.label} check digit should be ${expected}`);
  }
}

function describeLengths(lengths: readonly number[]): string {
  if (lengths.length === 1) {
    return String(lengths[0]);
  }
  return `${lengths.slice(0, -1).join(', ')} or ${lengths[lengths.length - 1]}`;
}

/** Index of the colon ending a valid RFC 3986 scheme, or -1. */
function schemeEnd(value: string): number {
  if (!isAsciiLetter(value.charCodeAt(0))) {
    return -1;
  }
  for (let i = 1; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0x3a) return i;
    if (!isSchemeCharacter(code)) return -1;
  }
  return -1;
}

function isSchemeCharacter(code: number): boolean {
  return isAsciiLetter(code) || (code >= 0x30 && code <= 0x39) || code === 0x2b || code === 0x2d || code === 0x2e;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

// eslint-disable-next-line no-control-regex -- identifiers must not contain control characters, so the class names them
const WHITESPACE_OR_CONTROL = /[\s\u0000-\u001f\u007f-\u009f]/;

function hasWhitespaceOrControl(value: string): boolean {
  return WHITESPACE_OR_CONTROL.test(value);
}
