import { z } from '../../http/openapi';

export const locationSchema = z.object({
  id: z.string().min(1).describe('GLN Digital Link / sgln URN or any URI'),
  name: z.string().max(200).optional(),
  city: z.string().max(100).optional(),
  province: z.string().max(100).optional(),
  country: z.string().max(100).optional(),
});

export const registerEnterpriseSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, '1-64 letters, digits, dot, dash or underscore'),
    name: z.string().trim().min(1).max(200),
    companyPrefixes: z.array(z.string().regex(/^\d{6,12}$/, 'a GS1 company prefix of 6-12 digits')).min(1).max(50),
    locations: z.array(locationSchema).max(500).optional(),
  })
  .strict()
  .openapi('RegisterEnterprise');

export const createKeySchema = z
  .discriminatedUnion('role', [
    z.object({ role: z.literal('enterprise'), enterpriseId: z.string().min(1), name: z.string().trim().min(1).max(200) }).strict(),
    z.object({ role: z.enum(['regulator', 'admin']), name: z.string().trim().min(1).max(200) }).strict(),
  ])
  .openapi('CreateKey');

export const keyIdParams = z.object({ id: z.string().min(1).max(100) });

export type RegisterEnterprise = z.infer<typeof registerEnterpriseSchema>;
export type CreateKey = z.infer<typeof createKeySchema>;
