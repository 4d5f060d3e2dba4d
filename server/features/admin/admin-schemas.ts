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
    companyPrefixes: z
      .array(z.string().regex(/^\d{6,12}$/, 'a GS1 company prefix of 6-12 digits'))
      .min(1)
      .max(50),
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

const enterpriseRecord = z
  .record(z.string(), z.unknown())
  .describe('the enterprise record on the ledger: id, name, companyPrefixes, locations')
  .openapi('EnterpriseRecord');

export const registeredSchema = z
  .object({
    enterprise: enterpriseRecord,
    apiKey: z.string().describe('shown once; only its hash is stored'),
    keyId: z.string(),
    txId: z.string(),
    blockNumber: z.number().int(),
  })
  .openapi('RegisteredEnterprise', {
    example: {
      enterprise: { id: 'teahouse', name: 'Anxi Tea House', companyPrefixes: ['0697000'], locations: [] },
      apiKey: 'sy_…',
      keyId: 'key-…',
      txId: 'a3f1…',
      blockNumber: 3,
    },
  });

export const createdKeySchema = z
  .object({ id: z.string(), apiKey: z.string().describe('shown once; only its hash is stored') })
  .openapi('CreatedApiKey', { example: { id: 'key-…', apiKey: 'sy_…' } });

export const keyListSchema = z
  .object({
    keys: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        role: z.enum(['admin', 'regulator', 'enterprise']),
        enterprise_id: z.string().nullable(),
        created_at: z.string(),
        revoked_at: z.string().nullable(),
      }),
    ),
  })
  .openapi('ApiKeyList', {
    example: {
      keys: [
        {
          id: 'admin-initial',
          name: 'initial admin',
          role: 'admin',
          enterprise_id: null,
          created_at: '2026-11-27T08:00:00.000Z',
          revoked_at: null,
        },
      ],
    },
  });

export const enterpriseListSchema = z
  .object({
    enterprises: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        companyPrefixes: z.array(z.string()),
        locations: z.array(z.record(z.string(), z.unknown())),
        txId: z.string(),
        blockNumber: z.number().int(),
      }),
    ),
  })
  .openapi('EnterpriseList');
