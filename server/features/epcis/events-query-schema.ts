import { cbvBareWord } from '../../epcis/cbv-vocab';
import { canonicalIdentifier } from '../../../chaincode/src/core/identifiers';
import { z } from '../../http/openapi';
import { instantParam } from '../../http/query-bounds';
import { pageTokenSchema } from './page-token';

const pipeList = z
  .string()
  .transform((v) =>
    v
      .split('|')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .refine((values) => values.length > 0, { message: 'one or more values separated by |, not blank' });
const idList = pipeList.transform((values, ctx) =>
  values.map((v) => {
    try {
      return canonicalIdentifier(v);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `${v}: ${(err as Error).message}` });
      return z.NEVER;
    }
  }),
);
const cbvList = (kind: 'bizStep' | 'disposition'): z.ZodType<string[], string> =>
  pipeList.transform((values) => values.map((v) => cbvBareWord(kind, v) ?? v));
const time = instantParam;

/** The EPCIS 2.0 query parameters Suyuan answers on GET /events; anything else is a 400. */
export const eventsQuerySchema = z
  .object({
    eventType: pipeList
      .pipe(z.array(z.enum(['ObjectEvent', 'AggregationEvent', 'AssociationEvent', 'TransactionEvent', 'TransformationEvent'])))
      .optional(),
    GE_eventTime: time.optional(),
    LT_eventTime: time.optional(),
    GE_recordTime: time.optional(),
    LT_recordTime: time.optional(),
    EQ_action: pipeList.pipe(z.array(z.enum(['ADD', 'OBSERVE', 'DELETE']))).optional(),
    EQ_bizStep: cbvList('bizStep').optional(),
    EQ_disposition: cbvList('disposition').optional(),
    EQ_readPoint: idList.optional(),
    EQ_bizLocation: idList.optional(),
    EQ_eventID: pipeList.optional(),
    MATCH_epc: idList.optional(),
    MATCH_parentID: idList.optional(),
    MATCH_inputEPC: idList.optional(),
    MATCH_outputEPC: idList.optional(),
    MATCH_anyEPC: idList.optional(),
    MATCH_epcClass: idList.optional(),
    MATCH_inputEPCClass: idList.optional(),
    MATCH_outputEPCClass: idList.optional(),
    MATCH_anyEPCClass: idList.optional(),
    perPage: z.coerce.number().int().min(1).max(1000).default(100),
    nextPageToken: pageTokenSchema.optional(),
  })
  .strict()
  .openapi('EventsQuery');

export type EventsQuery = z.infer<typeof eventsQuerySchema>;

export const eventIdParams = z.object({ eventID: z.string().min(1).max(2000) });
