import { z } from '../../http/openapi';

const loose = (description: string): z.ZodType => z.record(z.string(), z.unknown()).describe(description);
const indexShape = { indexed: z.boolean().optional(), indexStatus: z.enum(['pending', 'quarantined']).optional() };

/** A ledger write of the supervision lists: the record, its block, and whether the index has it. */
export const listWriteSchema = z
  .object({ id: z.string(), blockNumber: z.number().int(), ...indexShape })
  .catchall(z.unknown())
  .openapi('SupervisionListWrite', { example: { id: 'item-hygiene', name: 'Hygiene of the workshop', blockNumber: 14, indexed: true } });
export const itemListSchema = z.object({ items: z.array(loose('a checklist item')) }).openapi('InspectionItems');
export const inspectorListSchema = z
  .object({ inspectors: z.array(loose('an inspector, with the enterprises they must not inspect')) })
  .openapi('Inspectors');
export const targetListSchema = z
  .object({ targets: z.array(loose('a registered enterprise with its latest recorded grade, region and product categories')) })
  .openapi('InspectionTargets');
export const rulesSchema = z
  .object({ inspection: loose('the default inspection rules (细则)'), risk: loose('the risk grading rules') })
  .openapi('SupervisionRules');

/** An inspection plan as answered: lists, rules, seed block and hash, drawn targets, results. */
export const planViewSchema = z.object({ id: z.string() }).catchall(z.unknown()).openapi('InspectionPlanView');
export const planWriteSchema = z
  .object({ id: z.string(), blockNumber: z.number().int(), ...indexShape })
  .catchall(z.unknown())
  .openapi('InspectionPlanWrite');
export const publicPlansSchema = z.object({ plans: z.array(planViewSchema) }).openapi('PublicInspections');
export const blockHashSchema = z
  .object({ number: z.number().int(), hash: z.string() })
  .openapi('BlockHash', { example: { number: 12, hash: '9c0e…' } });

export const riskViewSchema = z
  .object({
    asOfHeight: z.number().int(),
    generatedAt: z.string(),
    enterprises: z.array(loose('an enterprise with its grade, score and factors')),
    runs: z.array(loose('a recorded grading run')),
  })
  .catchall(z.unknown())
  .openapi('RiskView');
export const gradingWriteSchema = z
  .object({ blockNumber: z.number().int(), ...indexShape })
  .catchall(z.unknown())
  .openapi('GradingWrite');
export const creditRecordSchema = z
  .object({
    enterprise: z.object({ id: z.string(), name: z.string() }),
    grade: z.unknown().optional(),
    entries: z.array(loose('a dated credit entry linked to its ledger record')),
  })
  .openapi('CreditRecord');
export const warningsSchema = z
  .object({
    generatedAt: z.string(),
    rules: loose('thresholds of each signal'),
    warnings: z.array(
      z
        .object({
          kind: z.string(),
          subject: z.string(),
          enterpriseIds: z.array(z.string()),
          summary: z.string(),
          evidence: z.array(loose('a linked record')),
        })
        .catchall(z.unknown()),
    ),
  })
  .openapi('Warnings');
