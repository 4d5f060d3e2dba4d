import { HARD_LIMITS } from '../../../chaincode/src/core/bounds';
import { z } from '../../http/openapi';

export const openRecallSchema = z
  .object({
    lots: z.array(z.string().min(1).refine((v) => Buffer.byteLength(v, 'utf8') <= HARD_LIMITS.identifierBytes, `at most ${HARD_LIMITS.identifierBytes} bytes (UTF-8)`)).min(1).max(1000).describe('Lots to recall (any identifier form); the scope is their forward closure'),
    reason: z.string().trim().min(1).max(2000),
    hazard: z.string().trim().min(1).max(2000).describe('What the danger is, without wording that downplays it'),
    severityClass: z.enum(['I', 'II', 'III']).describe('I: serious harm or death likely; II: temporary or reversible harm; III: harm unlikely'),
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
  .object({ lots: openRecallSchema.shape.lots.describe('Affected lots of this recall, owned by the caller (or any, for a regulator), to mark recalled') })
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
