import { IdentifierError, lotClassOf, parseIdentifier, productOf, type ParsedIdentifier } from '../../../chaincode/src/core/identifiers';
import { InputError } from '../../http/errors';
import { z } from '../../http/openapi';
import { offsetParam } from '../../http/query-bounds';

/** What a Digital Link path on this resolver names: a product, a lot, or a serialised item. */
export interface ResolvedKey {
  /** `gtin`, `lot` or `item`. */
  readonly level: 'gtin' | 'lot' | 'item';
  /** GTIN-14. */
  readonly gtin: string;
  readonly lot?: string;
  readonly serial?: string;
  readonly cpv?: string;
  /** Canonical id of what was scanned (`https://id.gs1.org/...`). */
  readonly canonical: string;
  /** Canonical product id (`https://id.gs1.org/01/{gtin}`). */
  readonly productId: string;
  /** Canonical lot-class id when a lot is named. */
  readonly lotId?: string;
  /** The key as a path on this resolver (`/01/{gtin}/10/{lot}`…), qualifiers kept, GTIN as 14 digits. */
  readonly path: string;
}

const CANONICAL_ORIGIN = 'https://id.gs1.org';

/** Percent-encodes a Digital Link path value: everything but `A-Z a-z 0-9 - . _`. */
function encodeValue(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The Digital Link path of a GTIN with optional CPV, lot and serial, in the order GS1 requires. */
export function digitalLinkPath(parts: {
  readonly gtin: string;
  readonly cpv?: string;
  readonly lot?: string;
  readonly serial?: string;
}): string {
  const qualifiers: ReadonlyArray<readonly [string, string | undefined]> = [
    ['22', parts.cpv],
    ['10', parts.lot],
    ['21', parts.serial],
  ];
  return `/01/${parts.gtin}${qualifiers.map(([ai, v]) => (v === undefined ? '' : `/${ai}/${encodeValue(v)}`)).join('')}`;
}

/** The CPV, lot and serial of a parsed identifier, leaving out those it does not have. */
function definedQualifiers(parsed: ParsedIdentifier): { cpv?: string; lot?: string; serial?: string } {
  const { cpv, lot, serial } = parsed;
  return { ...(cpv !== undefined ? { cpv } : {}), ...(lot !== undefined ? { lot } : {}), ...(serial !== undefined ? { serial } : {}) };
}

function levelOf(serial: string | undefined, lot: string | undefined): ResolvedKey['level'] {
  if (serial !== undefined) return 'item';
  return lot !== undefined ? 'lot' : 'gtin';
}

/**
 * Parses the path of a Digital Link request (`/01/{gtin}[/22/{cpv}][/10/{lot}][/21/{serial}]`, still
 * percent-encoded as received); the shared GS1 rules check order, lengths and check digits.
 *
 * @throws {@link InputError} naming what is wrong with the path
 */
export function parseDigitalLinkPath(rawPath: string): ResolvedKey {
  let parsed;
  try {
    parsed = parseIdentifier(`${CANONICAL_ORIGIN}${rawPath}`);
  } catch (err) {
    if (err instanceof IdentifierError)
      throw new InputError(`Not a valid GS1 Digital Link: ${err.message}`, [{ path: 'path', message: err.message }]);
    throw err;
  }
  if (parsed.gtin === undefined || !rawPath.startsWith('/01/')) {
    throw new InputError('Not a valid GS1 Digital Link: this resolver answers /01/{gtin} paths', [
      { path: 'path', message: 'expected /01/{gtin}' },
    ]);
  }
  const lotId = lotClassOf(parsed);
  const parts = { gtin: parsed.gtin, ...definedQualifiers(parsed) };
  return {
    level: levelOf(parsed.serial, parsed.lot),
    ...parts,
    canonical: parsed.canonical,
    productId: productOf(parsed) ?? `${CANONICAL_ORIGIN}/01/${parsed.gtin}`,
    ...(lotId !== undefined ? { lotId } : {}),
    path: digitalLinkPath(parts),
  };
}

/** Query parameters of a resolver request. */
export const resolverQuerySchema = z.object({
  linkType: z
    .string()
    .max(100)
    .optional()
    .describe('gs1:pip (page), gs1:traceability (JSON), gs1:recallStatus, gs1:certificationInfo, linkset or all'),
  lang: z.enum(['zh', 'en']).optional().describe('page language; default from Accept-Language'),
  reported: z.string().max(10).optional().describe('set after a complaint form was sent (shows a thank-you)'),
});

export type ResolverQuery = z.infer<typeof resolverQuerySchema>;

/** Body of `POST /complaints` (JSON or a browser form). */
export const complaintSchema = z
  .object({
    subjectId: z.string().trim().min(1).max(300).describe('the Digital Link or identifier the complaint is about'),
    message: z.string().trim().min(5, 'at least 5 characters').max(2000),
    contact: z
      .string()
      .trim()
      .max(200)
      .optional()
      .transform((v) => (v ? v : undefined)),
    lang: z.enum(['zh', 'en']).optional(),
  })
  .openapi('ComplaintInput');

export type ComplaintInput = z.infer<typeof complaintSchema>;

export const complaintQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: offsetParam,
});
