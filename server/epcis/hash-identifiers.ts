/**
 * GS1 keys as the CBV 2.0 event hash writes them: every EPC URN, EPC class URN and EPC pattern URN
 * the rules name becomes a canonical Digital Link on `https://id.gs1.org`, and every Digital Link
 * becomes the constrained canonical form (GS1 host, no query string, short key names replaced by
 * AIs, GTIN padded to 14 digits, no CPV, no lot when a serial is present).
 *
 * The rules follow the public reference generator (RalphTro/epcis-event-hash-generator), which is
 * the authority where the CBV text is silent: it checks syntax only (no check digits), keeps
 * percent escapes of URNs as written, escapes `! ( ) * + , :`, and leaves anything that does not end
 * in one of the canonical shapes unchanged, host included.
 *
 * @packageDocumentation
 */
import { gs1CheckDigit, lookup } from '../../chaincode/src/core/gs1-parts';

const ORIGIN = 'https://id.gs1.org';

/** One character of an EPC URN attribute: a permitted character or an accepted percent escape. */
const URN_CHAR = String.raw`(?:%2[125-9A-Fa-f]|%3[0-9A-Fa-f]|%4[1-9A-Fa-f]|%5[0-9AaFf]|%6[1-9A-Fa-f]|%7[0-9Aa]|[!')(*+,.0-9:;=A-Za-z_-])`;
/** One character of a CPI component reference. */
const CPI_CHAR = String.raw`(?:%2[3dfDF]|%3[0-9]|%4[1-9A-Fa-f]|%5[0-9Aa]|[0-9A-Z-])`;

/** A URN split at its company prefix: `{prefix}.{reference}{tail}`. */
interface UrnParts {
  readonly prefix: string;
  readonly reference: string;
  readonly tail: string;
}

interface UrnScheme {
  readonly pattern: RegExp;
  readonly split: (body: string) => UrnParts;
  /** Digital Link path after the origin, e.g. `/01/…/21/…`. */
  readonly path: (parts: UrnParts) => string;
}

/**
 * A key whose company prefix and reference total `digits`; `twelve` is what follows `{prefix}.` when
 * the prefix has 12 digits (the reference generator's patterns differ per scheme there). The tail
 * starts after the one separator character that follows the reference.
 */
function fixedScheme(digits: number, twelve: string, tail: string, path: (parts: UrnParts) => string): UrnScheme {
  const options: string[] = [];
  for (let length = 6; length < 12; length++) options.push(String.raw`\d{${length}}\.\d{${digits - length}}`);
  options.push(String.raw`\d{12}\.${twelve}`);
  const split = (body: string): UrnParts => {
    const dot = body.indexOf('.');
    return { prefix: body.slice(0, dot), reference: body.slice(dot + 1, digits + 1), tail: body.slice(digits + 2) };
  };
  return { pattern: new RegExp(`^(?:${options.join('|')})${tail}$`), split, path };
}

/** A key of at most 30 characters after a company prefix (GIAI, GINC, CPI). */
function variableScheme(char: string, tail: string, path: (parts: UrnParts) => string): UrnScheme {
  const options: string[] = [];
  for (let length = 6; length <= 12; length++) options.push(String.raw`\d{${length}}\.${char}{1,${30 - length}}`);
  const split = (body: string): UrnParts => {
    const dot = body.indexOf('.');
    const end = tail === '' ? body.length : body.lastIndexOf('.');
    return { prefix: body.slice(0, dot), reference: body.slice(dot + 1, end), tail: body.slice(end + 1) };
  };
  return { pattern: new RegExp(`^(?:${options.join('|')})${tail}$`), split, path };
}

function withCheckDigit(digits: string): string {
  return digits + String(gs1CheckDigit(digits));
}

/** GTIN-14 or SSCC: indicator (extension) digit, company prefix, rest of the reference, check digit. */
function indicatorFirst({ prefix, reference }: UrnParts): string {
  return withCheckDigit(reference.slice(0, 1) + prefix + reference.slice(1));
}

function keyDigits({ prefix, reference }: UrnParts): string {
  return withCheckDigit(prefix + reference);
}

/** Escapes the characters a Digital Link path value may not carry raw but an EPC URN may. */
function escapeForLink(value: string): string {
  return value.replace(/[!()*+,:]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** ITIP tail `{piece}.{total}` or `{piece}.{total}.{serial}` → `{piece}{total}`. */
function itipSuffix(tail: string): string {
  return tail.slice(0, 2) + tail.slice(3, 5);
}

const SERIAL = String.raw`\.${URN_CHAR}{1,20}`;
const PATTERN_END = String.raw`\.\*`;
const ITIP_PIECES = String.raw`\.\d{2}\.\d{2}`;

const URN_SCHEMES: Readonly<Record<string, UrnScheme>> = {
  'urn:epc:id:sgtin:': fixedScheme(13, String.raw`\d`, SERIAL, (p) => `/01/${indicatorFirst(p)}/21/${escapeForLink(p.tail)}`),
  'urn:epc:id:sscc:': fixedScheme(17, String.raw`\d{5}`, '', (p) => `/00/${indicatorFirst(p)}`),
  'urn:epc:id:sgln:': fixedScheme(12, '', SERIAL, (p) => `/414/${keyDigits(p)}${p.tail === '0' ? '' : `/254/${escapeForLink(p.tail)}`}`),
  'urn:epc:id:grai:': fixedScheme(
    12,
    String.raw`\.`,
    String.raw`\.${URN_CHAR}{1,16}`,
    (p) => `/8003/${withCheckDigit(`0${p.prefix}${p.reference}`)}${escapeForLink(p.tail)}`,
  ),
  'urn:epc:id:giai:': variableScheme(URN_CHAR, '', (p) => `/8004/${p.prefix}${escapeForLink(p.reference)}`),
  'urn:epc:id:gsrn:': fixedScheme(17, String.raw`\d{5}`, '', (p) => `/8018/${keyDigits(p)}`),
  'urn:epc:id:gsrnp:': fixedScheme(17, String.raw`\d{5}`, '', (p) => `/8017/${keyDigits(p)}`),
  // The serial follows one separator character, normally `.`; a 12-digit prefix is written `{prefix}..{serial}`.
  'urn:epc:id:gdti:': fixedScheme(12, String.raw`\.`, `${URN_CHAR}{1,20}`, (p) => `/253/${keyDigits(p)}${escapeForLink(p.tail)}`),
  'urn:epc:id:cpi:': variableScheme(
    CPI_CHAR,
    String.raw`\.\d{1,12}`,
    (p) => `/8010/${escapeForLink(p.prefix + p.reference)}/8011/${p.tail}`,
  ),
  'urn:epc:id:sgcn:': fixedScheme(12, '', String.raw`\.\d{1,12}`, (p) => `/255/${keyDigits(p)}${p.tail}`),
  'urn:epc:id:ginc:': variableScheme(URN_CHAR, '', (p) => `/401/${p.prefix}${escapeForLink(p.reference)}`),
  'urn:epc:id:gsin:': fixedScheme(16, String.raw`\d{4}`, '', (p) => `/402/${keyDigits(p)}`),
  'urn:epc:id:itip:': fixedScheme(
    13,
    String.raw`\d`,
    ITIP_PIECES + SERIAL,
    (p) => `/8006/${indicatorFirst(p)}${itipSuffix(p.tail)}/21/${escapeForLink(p.tail.slice(6))}`,
  ),
  'urn:epc:id:upui:': fixedScheme(
    13,
    String.raw`\d`,
    String.raw`\.${URN_CHAR}{1,28}`,
    (p) => `/01/${indicatorFirst(p)}/235/${escapeForLink(p.tail)}`,
  ),
  'urn:epc:id:pgln:': fixedScheme(12, '', '', (p) => `/417/${keyDigits(p)}`),
  'urn:epc:class:lgtin:': fixedScheme(13, String.raw`\d`, SERIAL, (p) => `/01/${indicatorFirst(p)}/10/${escapeForLink(p.tail)}`),
  'urn:epc:idpat:sgtin:': fixedScheme(13, String.raw`\d`, PATTERN_END, (p) => `/01/${indicatorFirst(p)}`),
  'urn:epc:idpat:grai:': fixedScheme(12, String.raw`\.`, PATTERN_END, (p) => `/8003/${withCheckDigit(`0${p.prefix}${p.reference}`)}`),
  'urn:epc:idpat:gdti:': fixedScheme(12, String.raw`\.`, PATTERN_END, (p) => `/253/${keyDigits(p)}`),
  'urn:epc:idpat:sgcn:': fixedScheme(12, String.raw`\.`, PATTERN_END, (p) => `/255/${keyDigits(p)}`),
  'urn:epc:idpat:cpi:': variableScheme(CPI_CHAR, PATTERN_END, (p) => `/8010/${escapeForLink(p.prefix + p.reference)}`),
  'urn:epc:idpat:itip:': fixedScheme(
    13,
    String.raw`\d`,
    ITIP_PIECES + PATTERN_END,
    (p) => `/8006/${indicatorFirst(p)}${itipSuffix(p.tail)}`,
  ),
  'urn:epc:idpat:upui:': fixedScheme(13, String.raw`\d`, PATTERN_END, (p) => `/01/${indicatorFirst(p)}`),
};

/** EPC URN (id, class or pattern) of a scheme the rules name → canonical Digital Link. */
function epcUrnToLink(urn: string): string | undefined {
  const schemeEnd = urn.indexOf(':', urn.indexOf(':', 8) + 1) + 1;
  const scheme = lookup(URN_SCHEMES, urn.slice(0, schemeEnd));
  const body = urn.slice(schemeEnd);
  if (scheme === undefined || !scheme.pattern.test(body)) return undefined;
  return ORIGIN + scheme.path(scheme.split(body));
}

/** Short names a Digital Link may use for primary keys, and their AIs. */
const KEY_NAMES: readonly (readonly [string, string])[] = [
  ['gtin', '01'],
  ['itip', '8006'],
  ['cpid', '8010'],
  ['gln', '414'],
  ['party', '417'],
  ['gsrnp', '8017'],
  ['gsrn', '8018'],
  ['gcn', '255'],
  ['sscc', '00'],
  ['gdti', '253'],
  ['ginc', '401'],
  ['gsin', '402'],
  ['grai', '8003'],
  ['giai', '8004'],
];
/** Short names of key qualifiers; replaced after the key names, in this order. */
const SHORT_NAMES: readonly (readonly [string, string])[] = [...KEY_NAMES, ['cpv', '22'], ['lot', '10'], ['ser', '21']];

/** Primary key AIs, in the order the reference generator looks for them when replacing a custom host. */
const PRIMARY_AIS = ['00', '01', '253', '255', '401', '402', '414', '417', '8003', '8004', '8006', '8010', '8017', '8018'];

const KEY_SEGMENT = `(?:${[...PRIMARY_AIS, ...KEY_NAMES.map(([name]) => name)].join('|')})`;
/** An http(s) URI whose path names a primary key followed by at least four digits and more. */
const LOOKS_LIKE_LINK = new RegExp(String.raw`^https?:[^?#]*\/${KEY_SEGMENT}\/\d{4}[^/]`);
const ON_GS1_HOST = new RegExp(String.raw`^https:\/\/id\.gs1\.org\/(?:${PRIMARY_AIS.join('|')})\/\d{4}[^/]`);

/** A Digital Link path value: GS1 character set 82 minus the characters that need escaping. */
const V = String.raw`["'.0-9;-?A-Z_a-z-]`;
const GS1 = String.raw`^https:\/\/id\.gs1\.org`;
const TRADE_ITEM = String.raw`${GS1}\/(?:8006\/\d{18}|01\/\d{14})`;
const CPV_LAST = new RegExp(String.raw`${TRADE_ITEM}\/22\/${V}{0,20}$`);
const CPV_BEFORE_QUALIFIERS = new RegExp(String.raw`${TRADE_ITEM}\/22\/(?:${V}|\/){0,20}$`);
const LOT_AND_SERIAL = new RegExp(String.raw`${TRADE_ITEM}\/10\/${V}{0,20}\/21\/${V}{0,20}$`);

/** The constrained canonical shapes; anything else is left as written. */
const CANONICAL_LINKS: readonly RegExp[] = [
  String.raw`00\/\d{18}`,
  String.raw`01\/\d{14}(?:\/(?:21|10)\/${V}{0,20}|\/235\/${V}{0,28})?`,
  String.raw`253\/\d{13}${V}{0,17}`,
  String.raw`255\/\d{13}\d{0,12}`,
  String.raw`401\/${V}{0,30}`,
  String.raw`402\/\d{17}`,
  String.raw`414\/\d{13}(?:\/254\/${V}{0,20})?`,
  String.raw`417\/\d{13}`,
  String.raw`8003\/\d{14}${V}{0,16}`,
  String.raw`8004\/${V}{0,30}`,
  String.raw`8006\/\d{18}(?:\/(?:21|10)\/${V}{0,20})?`,
  String.raw`8010\/[#\-/0-9A-Z]{0,30}(?:\/8011\/\d{0,12})?`,
  String.raw`801[78]\/\d{18}`,
].map((path) => new RegExp(`${GS1}\\/${path}$`));

/** Digital Link on any host → constrained canonical Digital Link, or undefined when it has no such form. */
function digitalLinkToCanonical(uri: string): string | undefined {
  if (!LOOKS_LIKE_LINK.test(uri)) return undefined;
  const query = uri.indexOf('?');
  let link = query < 0 ? uri : uri.slice(0, query);
  for (const [name, ai] of SHORT_NAMES) link = link.split(`/${name}/`).join(`/${ai}/`);
  link = dropQualifier(dropCpv(padGtin(onGs1Host(link))), LOT_AND_SERIAL, '/10/');
  return CANONICAL_LINKS.some((shape) => shape.test(link)) ? link : undefined;
}

/** Replaces everything before the first primary key (searched in {@link PRIMARY_AIS} order) by the GS1 origin. */
function onGs1Host(link: string): string {
  if (ON_GS1_HOST.test(link)) return link;
  for (const ai of PRIMARY_AIS) {
    const at = link.indexOf(`/${ai}/`);
    if (at >= 0) return ORIGIN + link.slice(at);
  }
  return link;
}

function padGtin(link: string): string {
  const gtinDigits = /^https:\/\/id\.gs1\.org\/01\/(\d{14}|\d{13}|\d{12}|\d{8})?/.exec(link)?.[1];
  if (gtinDigits === undefined || gtinDigits.length === 14) return link;
  return link.split('/01/').join(`/01/${'0'.repeat(14 - gtinDigits.length)}`);
}

function dropCpv(link: string): string {
  if (CPV_LAST.test(link)) return link.slice(0, link.indexOf('/22/'));
  return dropQualifier(link, CPV_BEFORE_QUALIFIERS, '/22/');
}

/** Removes the first `/{ai}/{value}` when the link has the shape `shape`. */
function dropQualifier(link: string, shape: RegExp, segment: string): string {
  if (!shape.test(link)) return link;
  const at = link.indexOf(segment);
  const rest = link.slice(at + segment.length);
  return link.slice(0, at) + rest.slice(rest.indexOf('/'));
}

/**
 * The GS1 Digital Link the CBV 2.0 event hash writes for a value, or undefined when the value is
 * not a GS1 key in a form the rules convert (it is then hashed as written).
 *
 * @param value - a trimmed field value: EPC URN, EPC class or pattern URN, Digital Link or anything else
 */
export function hashKeyIdentifier(value: string): string | undefined {
  if (!value.includes('.')) return undefined;
  return value.startsWith('urn:epc:') ? epcUrnToLink(value) : digitalLinkToCanonical(value);
}
