import crypto from 'node:crypto';
import supertest from 'supertest';
import { createApp } from '../../server/app';
import { backendName, registerEnterprise, regulatorKey, startTestService, type TestService } from '../helpers/test-service';
import { gtin, uniquePrefix } from '../helpers/gs1';
import { checkedListener } from '../helpers/contract';

// Starting a service and recording fixtures can take minutes on a loaded machine.
const SETUP_TIMEOUT_MS = 240_000;

const auth = (key: string): [string, string] => ['Authorization', `Bearer ${key}`];
const sha256 = (s: string): string => crypto.createHash('sha256').update(s).digest('hex');

describe(`API keys, security headers and rate limits (${backendName()})`, () => {
  let t: TestService;
  const prefix = uniquePrefix();
  let enterpriseKey: string;
  beforeAll(async () => {
    t = await startTestService();
    enterpriseKey = await registerEnterprise(t, { id: `keys-${prefix}`, companyPrefixes: [prefix] });
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await t?.close();
  });

  describe('storage', () => {
    it('keeps only a SHA-256 hash of every key, never the key', async () => {
      const issued = await t.http
        .post('/admin/keys')
        .set(...auth(t.adminKey))
        .send({ role: 'regulator', name: 'stored hashed' });
      expect(issued.status).toBe(201);
      const rows = await t.service.deps.knex('api_keys').select('*');
      const dump = JSON.stringify(rows);
      for (const key of [issued.body.apiKey as string, enterpriseKey, t.adminKey]) {
        expect(dump).not.toContain(key);
        expect(rows.map((r) => r.key_hash)).toContain(sha256(key));
      }
    });

    it('lists keys without their hashes', async () => {
      const res = await t.http.get('/admin/keys').set(...auth(t.adminKey));
      expect(res.status).toBe(200);
      expect(res.body.keys.length).toBeGreaterThan(0);
      expect(JSON.stringify(res.body)).not.toMatch(/key_hash|[0-9a-f]{64}/);
    });

    it('issues keys with at least 240 bits of randomness, each different', async () => {
      const keys = await Promise.all(
        [1, 2, 3].map(
          async () =>
            (
              await t.http
                .post('/admin/keys')
                .set(...auth(t.adminKey))
                .send({ role: 'regulator', name: 'entropy' })
            ).body.apiKey as string,
        ),
      );
      expect(new Set(keys).size).toBe(3);
      for (const key of keys) expect(Buffer.from(key.replace(/^sy_/, ''), 'base64url').length).toBeGreaterThanOrEqual(30);
    });
  });

  describe('revocation', () => {
    it('takes effect on the very next request, and a key cannot be revoked twice', async () => {
      const issued = await t.http
        .post('/admin/keys')
        .set(...auth(t.adminKey))
        .send({ role: 'enterprise', enterpriseId: `keys-${prefix}`, name: 'to revoke' });
      const key = issued.body.apiKey as string;
      expect((await t.http.get('/events').set(...auth(key))).status).toBe(200);
      expect((await t.http.delete(`/admin/keys/${issued.body.id as string}`).set(...auth(t.adminKey))).status).toBe(204);
      const after = await t.http.get('/events').set(...auth(key));
      expect(after.status).toBe(401);
      expect(after.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((await t.http.delete(`/admin/keys/${issued.body.id as string}`).set(...auth(t.adminKey))).status).toBe(404);
      expect((await t.http.get('/events').set(...auth(enterpriseKey))).status).toBe(200);
    });

    it('answers 401 problem+json to unknown keys and to malformed Authorization headers', async () => {
      for (const header of ['Bearer sy_not_a_key_at_all_0123456789', 'Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b']) {
        const res = await t.http.get('/events').set('Authorization', header);
        expect(res.status).toBe(401);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    });
  });

  describe('security headers', () => {
    it.each(['/healthz', '/docs', `/01/${gtin(prefix, 1)}`, '/nowhere'])(
      'sets the helmet headers on %s and hides the framework',
      async (url) => {
        const res = await t.http.get(url);
        expect(res.headers).toMatchObject({
          'content-security-policy': expect.stringContaining("default-src 'self'"),
          'x-content-type-options': 'nosniff',
          'x-frame-options': 'SAMEORIGIN',
          'strict-transport-security': expect.stringContaining('max-age='),
          'referrer-policy': 'same-origin',
          'cross-origin-opener-policy': 'same-origin',
        });
        expect(res.headers['x-powered-by']).toBeUndefined();
      },
    );

    it('asks browsers to upgrade to https only when the service is served over https', async () => {
      expect(String((await t.http.get('/healthz')).headers['content-security-policy'])).not.toContain('upgrade-insecure-requests');
      const secure = await startTestService({ PUBLIC_BASE_URL: 'https://trace.example.cn' });
      try {
        expect(String((await secure.http.get('/healthz')).headers['content-security-policy'])).toContain('upgrade-insecure-requests');
      } finally {
        await secure.close();
      }
    });
  });

  describe('public rate limit', () => {
    let limited: ReturnType<typeof supertest>;
    let regKey: string;
    beforeAll(async () => {
      const { deps } = t.service;
      limited = supertest(
        checkedListener(createApp({ ...deps, config: Object.freeze({ ...deps.config, PUBLIC_RATE_LIMIT_PER_MIN: 5 }) }), t.checker),
      );
      regKey = await regulatorKey(t);
    });

    it('shares one budget across public routes and answers 429 problem+json past it', async () => {
      const urls = ['/recalls', '/declarations', `/qr/01/${gtin(prefix, 1)}/10/L1.svg`, `/01/${gtin(prefix, 1)}`, '/recalls'];
      for (const url of urls) {
        const res = await limited.get(url).set('Accept', 'application/json');
        expect(res.status).not.toBe(429);
        expect(res.headers['ratelimit-policy']).toMatch(/q=5; w=60/);
      }
      const over = await limited.get('/declarations');
      expect(over.status).toBe(429);
      expect(over.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(over.body).toMatchObject({ status: 429, type: expect.stringMatching(/too-many-requests$/) });
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
      expect(
        (await limited.post('/complaints').send({ subjectId: `https://id.gs1.org/01/${gtin(prefix, 1)}`, message: 'too many complaints' }))
          .status,
      ).toBe(429);
    });

    it('does not count requests made with an API key, nor operational routes', async () => {
      expect((await limited.get('/recalls').set(...auth(regKey))).status).toBe(200);
      expect((await limited.get('/healthz')).status).toBe(200);
      expect((await limited.get('/ledger')).status).toBe(200);
    });
  });
});
