/**
 * EPC URNs (TDS pure identity and class forms) for trade items, lots, SSCCs and GLNs, read into the
 * same canonical Digital Link as `identifiers.ts` gives.
 *
 * Pure and dependency-free: this module also runs inside the Fabric chaincode.
 *
 * @packageDocumentation
 */
import {
  IdentifierError,
  gs1CheckDigit,
  tradeItem,
  sscc,
  gln,
  checkAttribute,
  decodeSegment,
  isDigits,
  lookup,
  type ParsedIdentifier,
} from './gs1-parts';

type UrnParser = (body: string) => ParsedIdentifier;

const URN_PARSERS: Readonly<Record<string, UrnParser>> = {
  'urn:epc:id:sgtin:': (body) => parseGtinUrn(body, 'SGTIN', '21'),
  'urn:epc:class:lgtin:': (body) => parseGtinUrn(body, 'LGTIN', '10'),
  'urn:epc:idpat:sgtin:': parseGtinPatternUrn,
  'urn:epc:id:sscc:': parseSsccUrn,
  'urn:epc:id:sgln:': parseSglnUrn,
};

/** Parses an EPC URN of a kind Suyuan knows; `undefined` for any other URN. */
export function parseEpcUrn(input: string): ParsedIdentifier | undefined {
  if (!input.startsWith('urn:epc:')) {
    return undefined;
  }
  const typeEnd = input.indexOf(':', input.indexOf(':', 8) + 1);
  if (typeEnd < 0) {
    return undefined;
  }
  const parser = lookup(URN_PARSERS, input.slice(0, typeEnd + 1));
  return parser === undefined ? undefined : parser(input.slice(typeEnd + 1));
}

/** `{CompanyPrefix}.{IndicatorDigit ItemRef}.{attribute}` → GTIN with serial (AI 21) or lot (AI 10). */
function parseGtinUrn(body: string, label: string, attributeAi: '21' | '10'): ParsedIdentifier {
  const [prefix = '', itemRef = '', attribute = ''] = splitFields(body, 3, label);
  checkCompanyPrefix(prefix, itemRef, 13, label, 'item reference');
  const value = checkAttribute(attributeAi, decodeSegment(attribute));
  return tradeItem(gtinFromParts(prefix, itemRef), { [attributeAi]: value });
}

function parseGtinPatternUrn(body: string): ParsedIdentifier {
  const [prefix = '', itemRef = '', star = ''] = splitFields(body, 3, 'SGTIN pattern');
  checkCompanyPrefix(prefix, itemRef, 13, 'SGTIN pattern', 'item reference');
  if (star !== '*') {
    throw new IdentifierError('SGTIN pattern URN must end in ".*"');
  }
  return tradeItem(gtinFromParts(prefix, itemRef), {});
}

/** `{CompanyPrefix}.{ExtensionDigit SerialRef}` → SSCC. */
function parseSsccUrn(body: string): ParsedIdentifier {
  const [prefix = '', serialRef = ''] = splitFields(body, 2, 'SSCC');
  checkCompanyPrefix(prefix, serialRef, 17, 'SSCC', 'serial reference');
  const data = serialRef.slice(0, 1) + prefix + serialRef.slice(1);
  return sscc(data + gs1CheckDigit(data));
}

/** `{CompanyPrefix}.{LocationRef}.{Extension}` → GLN, extension "0" meaning none. */
function parseSglnUrn(body: string): ParsedIdentifier {
  const [prefix = '', locationRef = '', extension = ''] = splitFields(body, 3, 'SGLN');
  checkCompanyPrefix(prefix, locationRef, 12, 'SGLN', 'location reference');
  const data = prefix + locationRef;
  if (extension === '0') {
    return gln(data + gs1CheckDigit(data), undefined);
  }
  return gln(data + gs1CheckDigit(data), checkAttribute('254', decodeSegment(extension)));
}

/** Splits on the first `count - 1` dots; the last field keeps any further dots. */
function splitFields(body: string, count: number, label: string): string[] {
  const fields: string[] = [];
  let from = 0;
  for (let i = 1; i < count; i++) {
    const dot = body.indexOf('.', from);
    if (dot < 0) {
      throw new IdentifierError(`${label} URN must have ${count} dot-separated fields`);
    }
    fields.push(body.slice(from, dot));
    from = dot + 1;
  }
  fields.push(body.slice(from));
  return fields;
}

function checkCompanyPrefix(cp: string, ref: string, total: number, label: string, referenceName: string): void {
  if (cp.length < 6 || cp.length > 12 || !isDigits(cp)) {
    throw new IdentifierError(`${label} URN company prefix must be 6 to 12 digits`);
  }
  if ((ref.length > 0 && !isDigits(ref)) || cp.length + ref.length !== total) {
    throw new IdentifierError(`${label} URN company prefix and ${referenceName} must total ${total} digits`);
  }
}

function gtinFromParts(prefix: string, itemRef: string): string {
  const data = itemRef.slice(0, 1) + prefix + itemRef.slice(1);
  return data + gs1CheckDigit(data);
}
