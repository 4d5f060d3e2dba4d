import { INCIDENT_STATUSES, SEVERITIES } from '../../../chaincode/src/core/incidents';
import { timeIssue } from '../../../chaincode/src/core/bounds';
import { z } from '../../http/openapi';
import { offsetParam } from '../../http/query-bounds';
import { gtinSchema } from '../declarations/declaration-schemas';

const text = (max: number): z.ZodString => z.string().trim().min(1).max(max);
const instant = z.iso
  .datetime({ offset: true, error: 'an ISO-8601 date-time with a zone, e.g. 2026-11-27T10:00:00+08:00' })
  .refine((v) => timeIssue(v) === undefined, 'a time between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z');

const productSchema = z.union([
  gtinSchema.transform((gtin) => ({ gtin })),
  z.object({ gtin: gtinSchema, name: text(200).optional(), model: text(200).optional() }).strict(),
]);

const lotSchema = z.union([
  text(500).describe('a GS1 lot identifier (Digital Link /01/{gtin}/10/{lot} or urn:epc:class:lgtin:…), or a lot code of the only product'),
  z.object({ gtin: gtinSchema, lot: text(20) }).strict(),
]);

const SEVERITY_ALIASES: Readonly<Record<string, string>> = {
  'property-loss': 'major-property-loss',
  'major-property-damage': 'major-property-loss',
};

const severitySchema = z.preprocess((v) => {
  if (typeof v !== 'string') return v;
  const word = v
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  return SEVERITY_ALIASES[word] ?? word;
}, z.enum(SEVERITIES).describe('death, serious-injury, major-property-loss or other'));

/** A mandatory product-safety incident report. */
export const reportIncidentSchema = z
  .object({
    products: z.array(productSchema).min(1).max(100).describe('GTINs, or { gtin, name?, model? }'),
    lots: z.array(lotSchema).max(1000).default([]),
    occurredAt: instant,
    awareAt: instant.describe('when the enterprise became aware; the reporting deadline counts from here'),
    place: text(500).optional(),
    severity: severitySchema,
    peopleAffected: z.number().int().min(0).max(100_000_000).default(0),
    description: text(10_000),
    hazard: text(4000).optional(),
    measuresTaken: text(4000).optional(),
  })
  .strict()
  .openapi('IncidentReport');

export const statusChangeSchema = z
  .object({
    status: z.enum(INCIDENT_STATUSES.filter((s) => s !== 'submitted') as ['acknowledged', 'investigating', 'recall-ordered', 'closed']),
    note: text(4000),
    recallId: z.string().trim().min(1).max(100).optional().describe('with recall-ordered: the recall this incident led to'),
  })
  .strict()
  .openapi('IncidentStatusChange');

export const incidentIdParams = z.object({ id: z.string().regex(/^inc_[A-Za-z0-9_-]{6,64}$/, 'an incident id (inc_…)') });

const booleanText = z.enum(['true', 'false']).transform((v) => v === 'true');

export const incidentQuerySchema = z.object({
  status: z.enum(INCIDENT_STATUSES).optional(),
  severity: severitySchema.optional(),
  late: booleanText.optional(),
  gtin: gtinSchema.optional().describe('incidents naming this product'),
  enterprise: z.string().max(64).optional().describe('regulator only: one enterprise'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: offsetParam,
});

export type ReportIncidentBody = z.infer<typeof reportIncidentSchema>;
export type StatusChangeBody = z.infer<typeof statusChangeSchema>;
export type IncidentQuery = z.infer<typeof incidentQuerySchema>;

/** An incident as answered: the ledger record (reporter, deadline, status history) with where it is on the ledger. */
export const incidentViewSchema = z
  .object({
    id: z.string(),
    enterpriseId: z.string(),
    status: z.enum(['submitted', 'acknowledged', 'investigating', 'recall-ordered', 'closed']),
    dueAt: z.string(),
    late: z.boolean(),
    blockNumber: z.number().int(),
    recalls: z.array(z.unknown()).optional(),
    statusTxId: z.string().optional().describe('the status change, on POST /incidents/{id}/status'),
    indexed: z.boolean().optional(),
    indexStatus: z.enum(['pending', 'quarantined']).optional(),
  })
  .catchall(z.unknown())
  .openapi('Incident', {
    example: {
      id: 'inc_ab12cd34',
      enterpriseId: 'teahouse',
      status: 'submitted',
      dueAt: '2026-11-30T16:00:00.000Z',
      late: false,
      blockNumber: 12,
      recalls: [],
      indexed: true,
    },
  });

export const incidentListSchema = z.object({ incidents: z.array(incidentViewSchema) }).openapi('IncidentList');

export const regulatorOverviewSchema = z
  .object({
    generatedAt: z.string(),
    incidents: z.array(incidentViewSchema.partial().extend({ overdue: z.boolean() })),
    enterprises: z.array(z.record(z.string(), z.unknown())).describe('per enterprise: late reports, non-conforming spot checks, recalls'),
  })
  .openapi('RegulatorOverview');
