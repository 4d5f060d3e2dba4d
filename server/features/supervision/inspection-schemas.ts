import { z } from '../../http/openapi';

const text = (max: number): z.ZodString => z.string().trim().min(1).max(max);
const listId = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits and _ . : - (at most 64)');
const grade = z.union([z.literal(1), z.literal(2), z.literal(3)]);

const itemSchema = z.object({ id: listId, name: text(200), basis: text(500).optional() }).strict();

/** An item of the standing inspection checklist. */
export const itemBodySchema = itemSchema.openapi('InspectionItem');

/** An inspector of the pool, with the enterprises they must not inspect. */
export const inspectorBodySchema = z
  .object({ id: listId, name: text(200), excludes: z.array(z.string().max(64)).max(10_000).default([]), active: z.boolean().default(true) })
  .strict()
  .openapi('Inspector');

/** The target pool's filters. */
export const targetQuerySchema = z.object({
  grade: z.coerce.number().int().min(1).max(3).optional(),
  region: z.string().trim().min(1).max(100).optional(),
  category: z.string().trim().min(1).max(200).optional(),
});

/** The built-in detailed rules (细则) of a plan when it names none. */
export const DEFAULT_INSPECTION_RULES = {
  version: 'suyuan-inspection-2026.12-1',
  ratioPercentByGrade: { '1': 50, '2': 20, '3': 5 },
  inspectorsPerTarget: 2,
} as const;

const rulesSchema = z
  .object({
    version: text(64),
    ratioPercentByGrade: z
      .object({ '1': z.number().int().min(0).max(100), '2': z.number().int().min(0).max(100), '3': z.number().int().min(0).max(100) })
      .strict(),
    inspectorsPerTarget: z.number().int().min(1).max(20),
  })
  .strict();

/** An inspection plan: the item list, the inspector list, how to pick the target list, the rules. */
export const planSchema = z
  .object({
    title: text(200),
    items: z
      .array(itemSchema)
      .min(1)
      .max(500)
      .optional()
      .describe('inspection items (检查事项清单); default: the standing list (POST /inspections/items)'),
    inspectors: z
      .array(
        z
          .object({
            id: listId,
            name: text(200),
            excludes: z.array(z.string().max(64)).max(10_000).default([]).describe('enterprises this inspector must not inspect'),
          })
          .strict(),
      )
      .min(1)
      .max(10_000)
      .optional()
      .describe('the inspector list (执法检查人员名录); default: the active inspectors of the pool (POST /inspections/inspectors)'),
    targets: z
      .object({
        grades: z.array(grade).min(1).max(3).optional().describe('only enterprises of these recorded grades (ungraded count as 3)'),
        enterprises: z.array(z.string().max(64)).max(10_000).optional().describe('only these enterprises'),
        region: text(100).optional().describe('only enterprises with a location in this province or city'),
        category: text(200).optional().describe('only enterprises with an active declaration of a product in this category'),
      })
      .strict()
      .default({})
      .describe('how to pick the target list (检查对象名录) from the registered enterprises'),
    rules: rulesSchema.optional().describe(`the detailed rules (细则); default ${JSON.stringify(DEFAULT_INSPECTION_RULES)}`),
  })
  .strict()
  .openapi('InspectionPlan');

export const resultSchema = z
  .object({
    enterpriseId: z.string().min(1).max(64),
    outcome: z.enum(['pass', 'fail']),
    findings: text(10_000),
    lots: z.array(text(600)).max(1000).optional(),
    documentHash: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lowercase hex')
      .optional()
      .describe('SHA-256 of the inspection report document'),
  })
  .strict()
  .openapi('InspectionResult');

export const planIdParams = z.object({ id: z.string().regex(/^ip_[A-Za-z0-9_-]{6,64}$/, 'a plan id (ip_…)') });
export const blockParams = z.object({
  number: z
    .string()
    .regex(/^[0-9]{1,10}$/, 'a block number')
    .transform(Number)
    .refine((n) => n <= 2 ** 31 - 1, 'a block number below 2^31'),
});
export const enterpriseIdParams = z.object({ id: z.string().min(1).max(64) });

export type PlanBody = z.infer<typeof planSchema>;
export type ResultBody = z.infer<typeof resultSchema>;
