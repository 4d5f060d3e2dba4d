import { z } from '../../http/openapi';

/** An EPCIS 2.0 event as stored and answered (JSON-LD; fields per event type, see the EPCIS 2.0 schema). */
export const epcisEventAnswer = z
  .object({ type: z.string(), eventID: z.string().optional(), eventTime: z.string(), '@context': z.unknown().optional() })
  .catchall(z.unknown())
  .openapi('EPCISEventAnswer', {
    example: {
      type: 'ObjectEvent',
      eventID: 'ni:///sha-256;…?ver=CBV2.0',
      eventTime: '2026-10-12T08:00:00.000+08:00',
      eventTimeZoneOffset: '+08:00',
      action: 'ADD',
      bizStep: 'commissioning',
      epcList: [],
      quantityList: [{ epcClass: 'https://id.gs1.org/01/06970002001012/10/TGY261012A', quantity: 120, uom: 'KGM' }],
    },
  });

/** GET /events: an EPCISQueryDocument. */
export const queryDocumentSchema = z
  .object({
    '@context': z.array(z.unknown()),
    type: z.literal('EPCISQueryDocument'),
    schemaVersion: z.string(),
    creationDate: z.string(),
    epcisBody: z.object({
      queryResults: z.object({ queryName: z.string(), resultsBody: z.object({ eventList: z.array(epcisEventAnswer) }) }),
    }),
  })
  .openapi('EPCISQueryDocument');

/** POST /events: the event's id and where it is on the ledger. */
export const capturedEventSchema = z
  .object({
    eventID: z.string(),
    txId: z.string(),
    blockNumber: z.number().int(),
    duplicate: z.boolean().describe('true: the same event was recorded already (200, nothing new)'),
    indexed: z.boolean(),
    indexStatus: z.enum(['pending', 'quarantined']).optional(),
  })
  .openapi('CapturedEvent', {
    example: { eventID: 'ni:///sha-256;…?ver=CBV2.0', txId: 'a3f1…', blockNumber: 9, duplicate: false, indexed: true },
  });

export const captureAcceptedSchema = z
  .object({ captureID: z.uuid() })
  .openapi('CaptureAccepted', { example: { captureID: '3f2b9c1e-8d7a-4c55-9a57-0e9a1f0b6c2d' } });

/** GET /capture/{captureID}. */
export const captureJobSchema = z
  .object({
    captureID: z.string(),
    createdAt: z.unknown(),
    finishedAt: z.unknown(),
    running: z.boolean(),
    success: z.boolean(),
    captureErrorBehaviour: z.enum(['rollback', 'proceed']),
    eventCount: z.number().int(),
    errors: z.unknown().describe('per-event errors'),
    duplicates: z.unknown(),
    indexed: z.boolean().optional(),
    indexStatus: z.enum(['pending', 'quarantined']).optional(),
    ledger: z.object({ txId: z.string(), blockNumber: z.number().int().nullable() }).optional(),
    parts: z
      .number()
      .int()
      .optional()
      .describe('transactions the document is recorded in, when more than one (a proceed document larger than one Fabric transaction)'),
    transactions: z
      .array(z.object({ txId: z.string(), blockNumber: z.number().int() }))
      .optional()
      .describe('each committed part, in order; `ledger` names the last'),
  })
  .openapi('CaptureJob');
