import crypto from 'node:crypto';
import type { Response } from 'supertest';
import { gtin, lotId, uniquePrefix } from '../helpers/gs1';
import { backendName, registerEnterprise, regulatorKey, startTestService, type TestService } from '../helpers/test-service';

const HTML = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8';
const MAX_FAILURES = 3;
const WINDOW_MS = 15 * 60_000;

const randomKey = (prefix = 'sy_'): string => `${prefix}${crypto.randomBytes(30).toString('base64url')}`.slice(0, 43);

function sessionCookie(res: Response): string {
  const header = ([res.headers['set-cookie']].flat() as Array<string | undefined>).find((c) => c?.startsWith('suyuan_session='));
  if (!header) throw new Error(`no session cookie was set (${res.status})`);
  return header.split(';')[0] ?? '';
}

describe(`browser sign-in guards (${backendName()})`, () => {
  let t: TestService;
  let now = new Date('2026-11-27T08:00:00Z');
  let regulator: string;
  let lot: string;
  let recallId: string;
  let address = 0;
  /** A client address of its own (the app trusts X-Forwarded-For from its loopback proxy). */
  const freshAddress = (): string => `203.0.113.${++address}`;
  const signIn = (apiKey: string, from: string, headers: Record<string, string> = {}): Promise<Response> =>
    t.http.post('/sign-in').set('X-Forwarded-For', from).set(headers).type('form').send({ apiKey, next: '/sign-in' });
  const sessions = async (): Promise<number> =>
    Number((await t.service.deps.knex('web_sessions').count<Array<{ n: string }>>({ n: '*' }))[0]?.n);

  beforeAll(async () => {
    t = await startTestService({ SIGN_IN_MAX_FAILURES: String(MAX_FAILURES) }, { clock: () => now });
    regulator = await regulatorKey(t);
    const prefix = uniquePrefix();
    const enterprise = await registerEnterprise(t, { id: `guard-${prefix}`, companyPrefixes: [prefix] });
    lot = lotId(gtin(prefix, 1), 'G1');
    const event = {
      type: 'ObjectEvent',
      eventTime: '2026-05-01T08:00:00Z',
      eventTimeZoneOffset: '+08:00',
      action: 'ADD',
      epcList: [lot],
      bizStep: 'commissioning',
    };
    expect((await t.http.post('/events').set('Authorization', `Bearer ${enterprise}`).send(event)).status).toBe(201);
    const recall = await t.http
      .post('/recalls')
      .set('Authorization', `Bearer ${regulator}`)
      .send({ lots: [lot], reason: 'guard test', hazard: 'glass', severityClass: 'II', consumerAction: 'return it' });
    expect(recall.status).toBe(201);
    recallId = (recall.body as { id: string }).id;
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  describe('POST /sign-in throttling', () => {
    afterEach(() => {
      now = new Date(now.getTime() + WINDOW_MS);
    });

    it(`refuses an address after ${MAX_FAILURES} failures with 429 problem+json and Retry-After, even with a valid key, until the window ends`, async () => {
      const from = freshAddress();
      for (let i = 0; i < MAX_FAILURES; i++) expect((await signIn(randomKey(), from)).status).toBe(401);
      const before = await sessions();
      const refused = await signIn(regulator, from);
      expect(refused.status).toBe(429);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.headers['retry-after']).toBe(String(WINDOW_MS / 1000));
      expect(refused.headers['set-cookie']).toBeUndefined();
      expect(await sessions()).toBe(before);
      expect((await signIn(regulator, freshAddress())).status).toBe(303);
      now = new Date(now.getTime() + WINDOW_MS / 3);
      expect((await signIn(regulator, from)).headers['retry-after']).toBe(String((WINDOW_MS * 2) / 3 / 1000));
      now = new Date(now.getTime() + (WINDOW_MS * 2) / 3);
      expect((await signIn(regulator, from)).status).toBe(303);
    });

    it(`refuses a key prefix after ${MAX_FAILURES} failures from different addresses, and not other keys`, async () => {
      const prefix = regulator.slice(0, 8);
      for (let i = 0; i < MAX_FAILURES; i++) expect((await signIn(randomKey(prefix), freshAddress())).status).toBe(401);
      const from = freshAddress();
      const refused = await signIn(regulator, from);
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toBeDefined();
      expect((await signIn(t.adminKey, from)).status).toBe(303);
    });

    it('does not count a form with no key as a failure', async () => {
      const from = freshAddress();
      for (let i = 0; i < MAX_FAILURES + 2; i++) expect((await signIn('  ', from)).status).toBe(400);
      expect((await signIn(regulator, from)).status).toBe(303);
    });
  });

  describe('cross-site form posts (login CSRF)', () => {
    it.each([
      ['an Origin of another site', { Origin: 'https://evil.example' }],
      ['a Referer of another site and no Origin', { Referer: 'https://evil.example/attack.html' }],
      ['Origin: null', { Origin: 'null' }],
      ['an Origin on another port of the public host', { Origin: 'http://localhost:3001' }],
    ])('refuses POST /sign-in with %s: 403 problem+json and no session', async (_what, headers) => {
      const before = await sessions();
      const res = await signIn(regulator, freshAddress(), headers);
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(await sessions()).toBe(before);
    });

    it.each([
      ['the Origin of PUBLIC_BASE_URL', { Origin: 'http://localhost:3000' }],
      ['the Origin of its own Host', { Host: 'suyuan.test:8080', Origin: 'http://suyuan.test:8080' }],
      ['a Referer on its own Host and no Origin', { Host: 'suyuan.test', Referer: 'https://suyuan.test/sign-in?next=%2F' }],
      ['neither header (not a browser form)', {}],
    ])('signs in with %s', async (_what, headers) => {
      expect((await signIn(regulator, freshAddress(), headers)).status).toBe(303);
    });

    it('refuses a cross-site POST /sign-out, which leaves the session open', async () => {
      const cookie = sessionCookie(await signIn(regulator, freshAddress()));
      const out = await t.http.post('/sign-out').set('Cookie', cookie).set('Origin', 'https://evil.example');
      expect(out.status).toBe(403);
      expect(out.headers['set-cookie']).toBeUndefined();
      expect((await t.http.get('/regulator/incidents').set('Accept', HTML).set('Cookie', cookie)).status).toBe(200);
      expect((await t.http.post('/sign-out').set('Cookie', cookie).set('Origin', 'http://localhost:3000')).status).toBe(303);
      expect((await t.http.get('/regulator/incidents').set('Accept', HTML).set('Cookie', cookie)).status).toBe(303);
    });
  });

  describe('the session cookie opens HTML pages only', () => {
    let admin: string;
    let inspector: string;
    beforeAll(async () => {
      admin = sessionCookie(await signIn(t.adminKey, freshAddress()));
      inspector = sessionCookie(await signIn(regulator, freshAddress()));
    });

    it('answers 401 to an admin cookie on GET /admin/keys, which the Authorization header opens', async () => {
      const res = await t.http.get('/admin/keys').set('Cookie', admin);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((await t.http.get('/admin/keys').set('Authorization', `Bearer ${t.adminKey}`)).status).toBe(200);
    });

    it.each(['/events', '/regulator/overview', '/incidents', '/complaints', '/enterprises', `/trace?id=${encodeURIComponent('LOT')}`])(
      'answers 401 to a regulator cookie on the JSON route %s, even when the browser asks for HTML',
      async (path) => {
        const url = path.replace(encodeURIComponent('LOT'), encodeURIComponent(lot));
        expect((await t.http.get(url).set('Cookie', inspector)).status).toBe(401);
        expect((await t.http.get(url).set('Cookie', inspector).set('Accept', HTML)).status).toBe(401);
        expect((await t.http.get(url).set('Authorization', `Bearer ${regulator}`)).status).toBe(200);
      },
    );

    it('opens the trace view, the incident worklist and the trace downloads', async () => {
      const q = `id=${encodeURIComponent(lot)}&direction=forward`;
      expect((await t.http.get(`/trace/view?${q}`).set('Accept', HTML).set('Cookie', inspector)).status).toBe(200);
      expect((await t.http.get('/regulator/incidents').set('Accept', HTML).set('Cookie', inspector)).status).toBe(200);
      expect((await t.http.get(`/trace/export.csv?${q}`).set('Cookie', inspector)).status).toBe(200);
    });

    it('shows the full recall report as a page, but answers JSON clients with the public notice', async () => {
      const page = await t.http.get(`/recalls/${recallId}`).set('Accept', HTML).set('Cookie', inspector);
      expect(page.status).toBe(200);
      expect(page.text).toContain('/trace/view');
      const json = await t.http.get(`/recalls/${recallId}`).set('Accept', 'application/json').set('Cookie', inspector);
      expect(json.status).toBe(200);
      expect((json.body as { links?: unknown }).links).toBeUndefined();
      const keyed = await t.http.get(`/recalls/${recallId}`).set('Authorization', `Bearer ${regulator}`);
      expect((keyed.body as { links?: { xlsx: string } }).links?.xlsx).toMatch(/^\/trace\/export\.xlsx\?/);
    });
  });
});
