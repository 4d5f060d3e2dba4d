import { HARD_LIMITS } from '../../../chaincode/src/core/bounds';
import { z } from '../../http/openapi';

export const openRecallSchema = z
  .object({
    lots: z
      .array(
        z
          .string()
          .min(1)
          .refine(
            (v) => Buffer.byteLength(v, 'utf8') <= HARD_LIMITS.identifierBytes,
            `at most ${HARD_LIMITS.identifierBytes} bytes (UTF-8)`,
          ),
      )
      .min(1)
      .max(1000)
      .describe('Lots to recall (any identifier form); the scope is their forward closure'),
    reason: z.string().trim().min(1).max(2000),
    hazard: z.string().trim().min(1).max(2000).describe('What the danger is, without wording that downplays it'),
    severityClass: z
      .enum(['I', 'II', 'III'])
      .describe('I: serious harm or death likely; II: temporary or reversible harm; III: harm unlikely'),
    consumerAction: z.string().trim().min(1).max(2000).describe('What consumers must do (e.g. stop using, return)'),
    remedy: z.string().trim().max(2000).default(''),
    contact: z.string().trim().max(500).default(''),
    incidentId: z.string().min(1).max(200).optional(),
  })
  .strict()
  .openapi('OpenRecall');

export const recallIdParams = z.object({ id: z.string().regex(/^RC-[A-Za-z0-9_-]{1,80}$/, 'a recall id such as RC-20261127-ab12cd34') });

export const listRecallsQuery = z.object({
  lot: z.string().min(1).max(2000).optional().describe('Only recalls whose scope contains this identifier'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export type OpenRecallBody = z.infer<typeof openRecallSchema>;

export const confirmRecallSchema = z
  .object({
    lots: openRecallSchema.shape.lots.describe(
      'Affected lots of this recall, owned by the caller (or any, for a regulator), to mark recalled',
    ),
  })
  .strict()
  .openapi('ConfirmRecall');
export type ConfirmRecallBody = z.infer<typeof confirmRecallSchema>;
export type ListRecallsQuery = z.infer<typeof listRecallsQuery>;

export const quantitySchema = z.object({ quantity: z.number(), uom: z.string().nullable() });

export const recallNoticeSchema = z
  .object({
    id: z.string(),
    status: z.string(),
    openedAt: z.string(),
    recalledBy: z.string().describe('The enterprise that recalls, or "market regulator"'),
    severityClass: z.string(),
    reason: z.string(),
    hazard: z.string(),
    consumerAction: z.string(),
    remedy: z.string(),
    contact: z.string(),
    lots: z.array(z.string()),
    txId: z.string().describe('Ledger transaction that recorded the recall'),
  })
  .openapi('RecallNotice');

export type RecallNotice = z.infer<typeof recallNoticeSchema>;

const affectedSchema = z
  .object({
    lot: z.string(),
    owner: z.string().nullable(),
    status: z.enum(['affected', 'recalled']),
    confirmedBy: z.string().nullable(),
    confirmedAt: z.string().nullable(),
  })
  .openapi('RecallAffectedLot');

const EXAMPLE_LOT = 'https://id.gs1.org/01/06970002001012/10/TGY261013B';

/** POST /recalls: the recall's id, its scope as the ledger decided it, and where the write landed. */
export const openedRecallSchema = z
  .object({
    id: z.string(),
    txId: z.string(),
    blockNumber: z.number().int(),
    scope: z.array(z.string()),
    affected: z.array(z.object({ lot: z.string(), owner: z.string().nullable().optional() })),
    indexed: z.boolean(),
    indexStatus: z.enum(['pending', 'quarantined']).optional(),
  })
  .openapi('OpenedRecall', {
    example: { id: 'RC-20261127-ab12cd34', txId: 'a3f1…', blockNumber: 42, scope: [EXAMPLE_LOT], affected: [], indexed: true },
  });

/** POST /recalls/{id}/confirm: the recall record after the confirmation. */
export const confirmedRecallSchema = z
  .object({
    recall: z.record(z.string(), z.unknown()).describe('the recall record on the ledger'),
    txId: z.string(),
    blockNumber: z.number().int(),
    indexed: z.boolean(),
    indexStatus: z.enum(['pending', 'quarantined']).optional(),
  })
  .openapi('ConfirmedRecall');

const scopeSchema = z
  .object({
    lots: z.array(z.string()),
    products: z.array(z.string()),
    quantities: z.array(quantitySchema),
    enterprises: z
      .array(z.object({ id: z.string(), name: z.string().nullable() }))
      .optional()
      .describe('regulators and the recalling enterprise only'),
    locations: z.array(z.record(z.string(), z.unknown())).optional().describe('regulators and the recalling enterprise only'),
    events: z.array(z.string()).optional().describe('regulators and the recalling enterprise only'),
    cities: z.array(z.string()).optional().describe('the public projection: places only to city level'),
  })
  .openapi('RecallScope');

/** GET /recalls/{id}: the notice with its scope (full, or the public projection). */
export const recallReportSchema = recallNoticeSchema
  .extend({
    scope: scopeSchema,
    affected: z.array(affectedSchema).optional(),
    openedBy: z.unknown().optional(),
    incidentId: z.string().optional(),
    links: z.record(z.string(), z.string()).optional().describe('trace view, JSON and spreadsheet links of the scope'),
  })
  .openapi('RecallReport');

export const recallNoticesSchema = z.object({ recalls: z.array(recallNoticeSchema) }).openapi('RecallNotices');
