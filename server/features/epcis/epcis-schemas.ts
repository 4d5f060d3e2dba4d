import { IdentifierError, parseIdentifier } from '../../../chaincode/src/core/identifiers';
import { BIZ_STEPS, BTT_TYPES, DISPOSITIONS, ERROR_REASONS, isValidCbv, SD_TYPES } from '../../epcis/cbv-vocab';
import { z } from '../../http/openapi';

const identifier = z.string().superRefine((value, ctx) => {
  try {
    parseIdentifier(value);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: err instanceof IdentifierError ? err.message : 'not a valid identifier' });
  }
});
const uri = z.string().regex(/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/, 'an absolute URI');
const dateTime = z.iso.datetime({ offset: true, error: 'an ISO 8601 date-time with time zone, e.g. 2026-05-01T08:00:00.000+08:00' });
const tzOffset = z.string().regex(/^[+-](0\d|1[0-4]):[0-5]\d$/, 'a time zone offset like +08:00');
const cbv = (kind: 'bizStep' | 'disposition' | 'sdt' | 'btt' | 'er', vocab: ReadonlySet<string>, what: string): z.ZodString =>
  z
    .string()
    .refine(
      (v) => isValidCbv(kind, vocab, v),
      `an unknown ${what}: use a CBV word (e.g. ${[...vocab][0] ?? ''}), its URN or web URI, or a custom URI`,
    );

const quantityElement = z
  .object({
    epcClass: identifier,
    quantity: z.number().nonnegative().finite().optional(),
    uom: z
      .string()
      .regex(/^[A-Z0-9]{2,3}$/, 'a UN/CEFACT unit code such as KGM or EA')
      .optional(),
  })
  .loose();
const location = z.object({ id: identifier }).loose();
const bizTransaction = z.object({ type: cbv('btt', BTT_TYPES, 'business transaction type').optional(), bizTransaction: uri }).loose();
const source = z.object({ type: cbv('sdt', SD_TYPES, 'source/destination type'), source: identifier }).loose();
const destination = z.object({ type: cbv('sdt', SD_TYPES, 'source/destination type'), destination: identifier }).loose();
const sensorElement = z
  .object({ sensorMetadata: z.record(z.string(), z.unknown()).optional(), sensorReport: z.array(z.record(z.string(), z.unknown())).min(1) })
  .loose();
const errorDeclaration = z
  .object({
    declarationTime: dateTime,
    reason: cbv('er', ERROR_REASONS, 'error reason').optional(),
    correctiveEventIDs: z.array(uri).optional(),
  })
  .loose();

const common = {
  eventID: uri.optional(),
  eventTime: dateTime,
  eventTimeZoneOffset: tzOffset,
  recordTime: dateTime.optional(),
  readPoint: location.optional(),
  bizLocation: location.optional(),
  bizStep: cbv('bizStep', BIZ_STEPS, 'bizStep').optional(),
  disposition: cbv('disposition', DISPOSITIONS, 'disposition').optional(),
  persistentDisposition: z
    .object({
      set: z.array(cbv('disposition', DISPOSITIONS, 'disposition')).optional(),
      unset: z.array(cbv('disposition', DISPOSITIONS, 'disposition')).optional(),
    })
    .loose()
    .optional(),
  bizTransactionList: z.array(bizTransaction).optional(),
  sourceList: z.array(source).optional(),
  destinationList: z.array(destination).optional(),
  sensorElementList: z.array(sensorElement).optional(),
  certificationInfo: z.union([z.string(), z.array(z.string())]).optional(),
  errorDeclaration: errorDeclaration.optional(),
  ilmd: z.record(z.string(), z.unknown()).optional(),
};
const action = z.enum(['ADD', 'OBSERVE', 'DELETE'], { error: 'action must be ADD, OBSERVE or DELETE' });
const epcs = z.array(identifier);
const quantities = z.array(quantityElement);

const objectEvent = z
  .object({ type: z.literal('ObjectEvent'), action, epcList: epcs.optional(), quantityList: quantities.optional(), ...common })
  .loose();
const aggregationEvent = z
  .object({
    type: z.literal('AggregationEvent'),
    action,
    parentID: identifier.optional(),
    childEPCs: epcs.optional(),
    childQuantityList: quantities.optional(),
    ...common,
  })
  .loose();
const associationEvent = z
  .object({
    type: z.literal('AssociationEvent'),
    action,
    parentID: identifier,
    childEPCs: epcs.optional(),
    childQuantityList: quantities.optional(),
    ...common,
  })
  .loose();
const transactionEvent = z
  .object({
    type: z.literal('TransactionEvent'),
    action,
    parentID: identifier.optional(),
    epcList: epcs.optional(),
    quantityList: quantities.optional(),
    ...common,
    bizTransactionList: z.array(bizTransaction).min(1),
  })
  .loose();
const transformationEvent = z
  .object({
    type: z.literal('TransformationEvent'),
    inputEPCList: epcs.optional(),
    inputQuantityList: quantities.optional(),
    outputEPCList: epcs.optional(),
    outputQuantityList: quantities.optional(),
    transformationID: uri.optional(),
    ...common,
  })
  .loose();

/** One EPCIS 2.0 event of any of the five types, with extensions kept. */
export const epcisEventSchema = z
  .discriminatedUnion('type', [objectEvent, aggregationEvent, associationEvent, transactionEvent, transformationEvent], {
    error: 'type must be ObjectEvent, AggregationEvent, AssociationEvent, TransactionEvent or TransformationEvent',
  })
  .superRefine((event, ctx) => {
    if (event.type === 'ObjectEvent' && event.ilmd && event.action !== 'ADD')
      ctx.addIssue({ code: 'custom', path: ['ilmd'], message: 'ilmd is only allowed with action ADD' });
    if (event.type === 'AggregationEvent' && event.action !== 'OBSERVE' && !event.parentID)
      ctx.addIssue({ code: 'custom', path: ['parentID'], message: 'parentID is required for ADD and DELETE' });
  })
  .openapi('EPCISEvent');

export type EpcisEvent = z.infer<typeof epcisEventSchema>;

/** The EPCISDocument envelope; events are validated one by one so each error carries its position. */
export const epcisDocumentSchema = z
  .object({
    '@context': z.unknown().optional(),
    type: z.literal('EPCISDocument', { error: 'type must be "EPCISDocument"' }),
    schemaVersion: z.string().optional(),
    creationDate: dateTime.optional(),
    epcisBody: z
      .object({ eventList: z.array(z.record(z.string(), z.unknown()), { error: 'eventList must be an array of event objects' }) })
      .loose(),
  })
  .loose()
  .openapi('EPCISDocument');
