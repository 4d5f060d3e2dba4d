import {
  INDICATOR_KINDS,
  STANDARD_NUMBER_EXAMPLES,
  STANDARD_NUMBER_PATTERNS,
  STANDARD_TYPES,
  standardNumberMatches,
} from '../../../chaincode/src/core/declaration-rules';
import { hasValidCheckDigit } from '../../../chaincode/src/core/identifiers';
import { z } from '../../http/openapi';
import { offsetParam } from '../../http/query-bounds';

const text = (max: number): z.ZodString => z.string().trim().min(1).max(max);

/** A GTIN-8/12/13/14 with a correct check digit. */
export const gtinSchema = z
  .string()
  .regex(/^(\d{8}|\d{12}|\d{13}|\d{14})$/, 'a GTIN of 8, 12, 13 or 14 digits')
  .refine(hasValidCheckDigit, 'the GTIN check digit is wrong')
  .openapi({ example: '06141411234567' });

const patternList = STANDARD_TYPES.map((t) => `${t}: ${STANDARD_NUMBER_PATTERNS[t].source} (e.g. ${STANDARD_NUMBER_EXAMPLES[t]})`).join(
  '; ',
);

const productSchema = z
  .object({
    gtin: gtinSchema,
    name: text(200),
    model: text(200),
    category: text(200),
    specification: text(200).optional(),
    commonName: text(200).optional(),
  })
  .strict();

const indicatorSchema = z
  .object({
    name: text(200),
    value: text(200).describe('a value or range as in the standard, e.g. "≤ 0.5" or "10–20"'),
    unit: z.string().trim().max(50).optional(),
    testMethod: text(300).describe('the test method, usually a standard number'),
    kind: z.enum(INDICATOR_KINDS).default('performance').describe('safety, health and environment indicators are listed separately'),
  })
  .strict();

const contentObject = z.object({
  products: z.array(productSchema).min(1).max(500),
  standard: z
    .object({
      type: z
        .enum(STANDARD_TYPES)
        .describe('GB (national mandatory), GB/T (national recommended), industry, local, group (T/), enterprise (Q/)'),
      number: text(100).describe(`standard number, checked against the type: ${patternList}`),
      name: text(300),
    })
    .strict()
    .refine((s) => standardNumberMatches(s.type, s.number), { message: 'the standard number does not match its type', path: ['number'] }),
  indicators: z.array(indicatorSchema).max(500).default([]),
  belowRecommended: z.boolean().default(false).describe('the disclosed indicators are fewer or lower than a recommended standard'),
  belowRecommendedExplanation: z.string().trim().max(4000).optional().describe('required when belowRecommended is true'),
  effectiveDate: z.iso.date().refine((d) => d >= '1970-01-01', 'a date from 1970-01-01 to 9999-12-31'),
  documentSha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'SHA-256 as 64 hex digits')
    .transform((s) => s.toLowerCase()),
});

const explained = { message: 'required when belowRecommended is true', path: ['belowRecommendedExplanation'] };

/** The full content of a declaration. */
export const publishDeclarationSchema = contentObject
  .strict()
  .refine((d) => !d.belowRecommended || !!d.belowRecommendedExplanation, explained)
  .openapi('DeclarationInput');

/** A revision: the full new content, with an optional note on what changed. */
export const reviseDeclarationSchema = contentObject
  .extend({ changeNote: z.string().trim().max(2000).optional() })
  .strict()
  .refine((d) => !d.belowRecommended || !!d.belowRecommendedExplanation, explained)
  .openapi('DeclarationRevision');

export const withdrawSchema = z
  .object({ reason: text(2000).default('withdrawn by the enterprise') })
  .strict()
  .openapi('DeclarationWithdrawal');

export const supervisionSchema = z
  .object({
    result: z.enum(['conforming', 'non-conforming']),
    notes: text(4000),
    sampledLot: z.string().trim().min(1).max(500).optional().describe('the lot sampled: a lot code or a GS1 lot identifier'),
  })
  .strict()
  .openapi('SupervisionInput');

export const declarationIdParams = z.object({ id: z.string().regex(/^dcl_[A-Za-z0-9_-]{6,64}$/, 'a declaration id (dcl_…)') });

export const declarationQuerySchema = z.object({
  gtin: gtinSchema.optional(),
  enterprise: z.string().max(64).optional(),
  standard: z.string().max(100).optional().describe('standard number, exact'),
  status: z.enum(['active', 'withdrawn']).optional(),
  q: z.string().trim().min(1).max(200).optional().describe('text in the standard number or name, or a product name, model or category'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: offsetParam,
});

export type DeclarationContentInput = z.infer<typeof publishDeclarationSchema>;
export type ReviseDeclarationBody = z.infer<typeof reviseDeclarationSchema>;
export type SupervisionBody = z.infer<typeof supervisionSchema>;
export type DeclarationQuery = z.infer<typeof declarationQuerySchema>;

const ledgerRef = {
  txId: z.string(),
  blockNumber: z.number().int(),
  indexed: z.boolean(),
  indexStatus: z.enum(['pending', 'quarantined']).optional(),
};

/** A declaration as answered: its head, the current version's content, and where it is on the ledger. */
export const declarationViewSchema = z
  .object({
    id: z.string(),
    enterpriseId: z.string(),
    status: z.enum(['active', 'withdrawn']),
    version: z.number().int().optional(),
    enterpriseName: z.string().nullable().optional(),
    products: z.array(z.unknown()).optional(),
    standard: z.unknown().optional(),
    blockNumber: z.number().int().optional(),
  })
  .catchall(z.unknown())
  .openapi('Declaration', {
    example: {
      id: 'dcl_ab12cd34',
      enterpriseId: 'teahouse',
      status: 'active',
      version: 1,
      enterpriseName: 'Anxi Tea House',
      products: [{ gtin: '06970002001012' }],
      standard: { code: 'GB/T 30357.2' },
      blockNumber: 7,
    },
  });

export const declarationWriteSchema = z.object({ declaration: declarationViewSchema, ...ledgerRef }).openapi('DeclarationWrite');
export const supervisionWriteSchema = z
  .object({
    supervision: z.record(z.string(), z.unknown()).describe('the spot-check record on the ledger'),
    declaration: declarationViewSchema,
    ...ledgerRef,
  })
  .openapi('SupervisionWrite');
export const declarationDetailSchema = declarationViewSchema
  .extend({ versions: z.array(z.record(z.string(), z.unknown())), supervision: z.array(z.record(z.string(), z.unknown())) })
  .openapi('DeclarationDetail');
export const declarationListSchema = z.object({ declarations: z.array(declarationViewSchema) }).openapi('DeclarationList');
