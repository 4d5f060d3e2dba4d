import { z } from '../../http/openapi';

export const DEFAULT_MAX_DEPTH = 12;
export const MAX_DEPTH = 50;

export const traceQuerySchema = z
  .object({
    id: z.string().min(1).max(2000).describe('Any identifier form: Digital Link or EPC URN of a lot, item, SSCC…'),
    direction: z.enum(['backward', 'forward', 'both']).default('both'),
    maxDepth: z.coerce.number().int().min(1).max(MAX_DEPTH).default(DEFAULT_MAX_DEPTH),
  })
  .openapi('TraceQuery');

export type TraceQuery = z.infer<typeof traceQuerySchema>;

const quantitySchema = z.object({ quantity: z.number(), uom: z.string().nullable() });

export const traceNodeSchema = z
  .object({
    id: z.string(),
    kind: z.string().describe('lgtin (lot), sgtin (item), sscc (case or pallet), gtin, opaque'),
    product: z.string().nullable(),
    lot: z.string().nullable(),
    quantity: z.array(quantitySchema),
    owner: z.string().nullable(),
    custodian: z.string().nullable(),
    lastDisposition: z.string().nullable(),
    recalled: z.boolean(),
    depth: z.number().int().describe('Steps from the start: negative upstream (backward), positive downstream (forward)'),
  })
  .openapi('TraceNode');

export const EDGE_TYPES = ['transformed_into', 'packed_into', 'unpacked_from', 'shipped_to', 'received_from'] as const;
export type EdgeType = (typeof EDGE_TYPES)[number];

export const traceEdgeSchema = z
  .object({ from: z.string(), to: z.string(), type: z.enum(EDGE_TYPES), eventIDs: z.array(z.string()) })
  .openapi('TraceEdge');

export const partySchema = z
  .object({ id: z.string(), types: z.array(z.string()), enterpriseId: z.string().nullable(), name: z.string().nullable() })
  .openapi('TraceParty');
export const locationSchema = z
  .object({ id: z.string(), name: z.string().nullable(), city: z.string().nullable(), enterpriseId: z.string().nullable() })
  .openapi('TraceLocation');

export const correctionSchema = z
  .object({
    eventID: z.string().describe('An event of the chain its recorder declared erroneous; the walk leaves it out'),
    declaredBy: z.string(),
    declaredAt: z.string().describe('Ledger time of the declaration'),
    reason: z.string().nullable(),
    correctiveEventIDs: z.array(z.string()).describe('The events that correct it; the walk follows them like any other event'),
  })
  .openapi('TraceCorrection');

export const traceGraphSchema = z
  .object({
    id: z.string().describe('The canonical identifier asked for'),
    start: z.string().describe('The lineage node the walk started from (an item starts from its lot)'),
    direction: z.enum(['backward', 'forward', 'both']),
    maxDepth: z.number().int(),
    cut: z.boolean().describe('True when maxDepth stopped the walk before the chain ended'),
    nodes: z.array(traceNodeSchema),
    edges: z.array(traceEdgeSchema),
    parties: z.array(partySchema),
    locations: z.array(locationSchema),
    corrections: z
      .array(correctionSchema)
      .describe('Error declarations of events on the traced nodes, with who declared them and what corrects them'),
    index: z.object({
      checkpoint: z.object({ blockNumber: z.number(), txIndex: z.number() }),
      ledgerHeight: z.number(),
      caughtUp: z.boolean(),
    }),
  })
  .openapi('TraceGraph');

export type TraceNode = z.infer<typeof traceNodeSchema>;
export type TraceEdge = z.infer<typeof traceEdgeSchema>;
export type TraceParty = z.infer<typeof partySchema>;
export type TraceLocation = z.infer<typeof locationSchema>;
export type TraceGraph = z.infer<typeof traceGraphSchema>;
