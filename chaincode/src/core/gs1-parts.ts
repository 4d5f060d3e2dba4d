/**
 * The building blocks shared by the two GS1 identifier syntaxes Suyuan reads (Digital Link in
 * `identifiers.ts`, EPC URNs in `epc-urn.ts`): the parsed shape, its error, check digits, attribute
 * rules and the canonical Digital Link of each key.
 *
 * Pure and dependency-free: this module also runs inside the Fabric chaincode.
 *
 * @packageDocumentation
 */

/** What a parsed identifier denotes. */
export type IdentifierKind = 'sgtin' | 'lgtin' | 'gtin' | 'sscc' | 'gln' | 'opaque';

/** A validated identifier with its canonical form and the GS1 data it carries. */
export interface ParsedIdentifier {
  /** Canonical Digital Link on `https://id.gs1.org`, or the input itself for opaque identifiers. */
  readonly canonical: string;
  readonly kind: IdentifierKind;
  /** GTIN, always 14 digits. */
  readonly gtin?: string;
  /** Lot or batch (AI 10) when present in the input, even for serialised items. */
  readonly lot?: string;
  /** Serial number (AI 21). */
  readonly serial?: string;
  /** Consumer product variant (AI 22). */
  readonly cpv?: string;
  /** SSCC, 18 digits. */
  readonly sscc?: string;
  /** GLN, 13 digits. */
  readonly gln?: string;
  /** GLN extension (AI 254). */
  readonly glnExtension?: string;
}

/** Thrown when an input is not a usable identifier; the message says what is wrong. */
export class IdentifierError extends Error {
  readonly code = 'INVALID_IDENTIFIER';

  constructor(message: string) {
    super(message);
    this.name = 'IdentifierError';
  }
}

export const GS1_ORIGIN = 'https://id.gs1.org';
export const MAX_ATTRIBUTE_LENGTH = 20;

export const ATTRIBUTE_LABELS: Readonly<Record<string, string>> = {
  '22': 'CPV (AI 22)',
  '10': 'lot (AI 10)',
  '21': 'serial (AI 21)',
  '254': 'GLN extension (AI 254)',
};

export type Qualifiers = Record<string, string>;

/**
 * GS1 check digit of a run of data digits (weights 3, 1, 3, 1… from the rightmost digit).
 *
 * @throws {@link IdentifierError} when the input is empty or not all digits
 */
export function gs1CheckDigit(dataDigits: string): number {
  if (!isDigits(dataDigits)) {
    throw new IdentifierError('check digit input must be a non-empty run of digits');
  }
  let sum = 0;
  let weight = 3;
  for (let i = dataDigits.length - 1; i >= 0; i--) {
    sum += (dataDigits.charCodeAt(i) - 48) * weight;
    weight = 4 - weight;
  }
  return (10 - (sum % 10)) % 10;
}

export function tradeItem(gtin: string, qualifiers: Qualifiers): ParsedIdentifier {
  const base = `${GS1_ORIGIN}/01/${gtin}`;
  const { '22': cpv, '10': lot, '21': serial } = qualifiers;
  const fields: { gtin: string; cpv?: string; lot?: string } = { gtin };
  if (cpv !== undefined) fields.cpv = cpv;
  if (lot !== undefined) fields.lot = lot;
  if (serial !== undefined) {
    return { canonical: `${base}/21/${encodeAttribute(serial)}`, kind: 'sgtin', ...fields, serial };
  }
  if (lot !== undefined) {
    return { canonical: `${base}/10/${encodeAttribute(lot)}`, kind: 'lgtin', ...fields };
  }
  return { canonical: base, kind: 'gtin', ...fields };
}

export function sscc(digits: string): ParsedIdentifier {
  return { canonical: `${GS1_ORIGIN}/00/${digits}`, kind: 'sscc', sscc: digits };
}

export function gln(digits: string, extension: string | undefined): ParsedIdentifier {
  const canonical = `${GS1_ORIGIN}/414/${digits}`;
  if (extension === undefined) {
    return { canonical, kind: 'gln', gln: digits };
  }
  return { canonical: `${canonical}/254/${encodeAttribute(extension)}`, kind: 'gln', gln: digits, glnExtension: extension };
}

/** Validates a lot, serial, CPV or GLN extension: 1–20 characters of GS1 character set 82. */
export function checkAttribute(ai: string, value: string): string {
  const label = ATTRIBUTE_LABELS[ai] ?? `AI ${ai}`;
  if (value.length === 0 || value.length > MAX_ATTRIBUTE_LENGTH) {
    throw new IdentifierError(`${label} must be 1 to ${MAX_ATTRIBUTE_LENGTH} characters`);
  }
  for (let i = 0; i < value.length; i++) {
    if (!isCharacterSet82(value.charCodeAt(i))) {
      throw new IdentifierError(`${label} contains "${value.charAt(i)}", which is outside the GS1 character set`);
    }
  }
  return value;
}

/** GS1 AI encodable character set 82: `!"%&'()*+,-./0-9:;<=>?A-Z_a-z`. */
export function isCharacterSet82(code: number): boolean {
  return (
    (code >= 0x21 && code <= 0x22) ||
    (code >= 0x25 && code <= 0x3f) ||
    (code >= 0x41 && code <= 0x5a) ||
    code === 0x5f ||
    (code >= 0x61 && code <= 0x7a)
  );
}

export function decodeSegment(segment: string): string {
  if (!segment.includes('%')) {
    return segment;
  }
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new IdentifierError(`malformed percent-encoding in "${segment}"`);
  }
}

/** Percent-encodes every character except `A-Z a-z 0-9 - . _`, as Digital Link path values require. */
export function encodeAttribute(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    out += isUnreserved(code) ? value.charAt(i) : `%${code.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function isUnreserved(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    code === 0x2d ||
    code === 0x2e ||
    code === 0x5f
  );
}

export function isDigits(value: string): boolean {
  if (value.length === 0) {
    return false;
  }
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return false;
  }
  return true;
}

export function lookup<T>(table: Readonly<Record<string, T>>, key: string | undefined): T | undefined {
  return key !== undefined && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}
