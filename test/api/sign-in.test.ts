import { buildChain, type Chain } from '../helpers/supply-chain';
import { backendName, startTestService, type TestService } from '../helpers/test-service';

const HTML = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8';

function sessionCookie(setCookie: string[] | string | undefined): string {
  const header = (Array.isArray(setCookie) ? setCookie : [setCookie ?? '']).find((c) => c.startsWith('suyuan_session='));
  if (!header) throw new Error('no session cookie was set');
  return header.split(';')[0] ?? '';
}

describe(`browser sign-in for the regulator pages (${backendName()})`, () => {
  let t: TestService;
  let c: Chain;
  let now = new Date('2026-11-27T08:00:00Z');
  const view = (): string => `/trace/view?id=${encodeURIComponent(c.farmLots[0])}&direction=forward`;
  const signIn = async (apiKey: string, next = view()): Promise<string> => {
    const res = await t.http.post('/sign-in').type('form').send({ apiKey, next });
    expect(res.status).toBe(303);
    return sessionCookie(res.headers['set-cookie']);
  };

  beforeAll(async () => {
    t = await startTestService({ WEB_SESSION_MINUTES: '60' }, { clock: () => now });
    c = await buildChain(t, 31);
  }, 240_000);
  afterAll(async () => {
    await t.close();
  });

  it('sends a browser without a session to the sign-in form and back to the page it asked for', async () => {
    const anonymous = await t.http.get(view()).set('Accept', HTML);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toBe(`/sign-in?next=${encodeURIComponent(view())}`);
    const form = await t.http.get(anonymous.headers.location ?? '').set('Accept', HTML);
    expect(form.status).toBe(200);
    expect(form.text).toContain('name="apiKey"');
    expect(form.text).toContain(`name="next" value="${view().replace(/&/g, '&amp;')}"`);
    const res = await t.http.post('/sign-in').type('form').send({ apiKey: c.regulatorKey, next: view() });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(view());
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^suyuan_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Max-Age=3600/);
    const page = await t.http.get(view()).set('Accept', HTML).set('Cookie', sessionCookie(res.headers['set-cookie']));
    expect(page.status).toBe(200);
    expect(page.text).toContain('<svg');
    expect(page.headers['cache-control']).toBe('private, no-store');
  });

  it('keeps answering 401 problem+json to API clients without a key', async () => {
    const res = await t.http.get(view()).set('Accept', 'application/json');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('refuses an unknown key with the form and an error, and sets no cookie', async () => {
    const res = await t.http.post('/sign-in').type('form').send({ apiKey: 'sy_not_a_key', next: view() });
    expect(res.status).toBe(401);
    expect(res.text).toContain('Unknown or revoked API key');
    expect(res.headers['set-cookie']).toBeUndefined();
    const empty = await t.http.post('/sign-in').type('form').send({ apiKey: '  ' });
    expect(empty.status).toBe(400);
  });

  it('never redirects off the site after signing in', async () => {
    for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
      const res = await t.http.post('/sign-in').type('form').send({ apiKey: c.regulatorKey, next });
      expect(res.headers.location).toBe('/sign-in');
    }
  });

  it('lets the cookie read pages but never write', async () => {
    const cookie = await signIn(c.regulatorKey);
    const write = await t.http
      .post('/recalls')
      .set('Cookie', cookie)
      .send({ lots: [c.farmLots[0]], reason: 'x', hazard: 'x', severityClass: 'I', consumerAction: 'x' });
    expect(write.status).toBe(401);
    const csv = await t.http.get(`/trace/export.csv?id=${encodeURIComponent(c.farmLots[0])}`).set('Cookie', cookie);
    expect(csv.status).toBe(200);
  });

  it('shows what the key may open, and the cookie stops working on sign-out', async () => {
    const cookie = await signIn(c.regulatorKey, '/sign-in');
    const home = await t.http.get('/sign-in').set('Cookie', cookie);
    expect(home.text).toContain('Signed in as');
    expect(home.text).toContain('/regulator/incidents');
    const out = await t.http.post('/sign-out').set('Cookie', cookie);
    expect(out.status).toBe(303);
    expect(String(out.headers['set-cookie'])).toMatch(/suyuan_session=;/);
    expect((await t.http.get(view()).set('Accept', HTML).set('Cookie', cookie)).status).toBe(303);
  });

  it('ends the session when its key is revoked or its time is up', async () => {
    const key = await t.http
      .post('/admin/keys')
      .set('Authorization', `Bearer ${t.adminKey}`)
      .send({ role: 'regulator', name: 'temp inspector' });
    const body = key.body as { id: string; apiKey: string };
    const revoked = await signIn(body.apiKey);
    expect((await t.http.get(view()).set('Cookie', revoked)).status).toBe(200);
    expect((await t.http.delete(`/admin/keys/${body.id}`).set('Authorization', `Bearer ${t.adminKey}`)).status).toBe(204);
    expect((await t.http.get(view()).set('Accept', HTML).set('Cookie', revoked)).status).toBe(303);
    const expiring = await signIn(c.regulatorKey);
    now = new Date(now.getTime() + 61 * 60_000);
    expect((await t.http.get(view()).set('Accept', HTML).set('Cookie', expiring)).status).toBe(303);
  });

  it('opens the incident worklist in the browser for a regulator, not for an enterprise', async () => {
    const regulator = await signIn(c.regulatorKey, '/regulator/incidents');
    expect((await t.http.get('/regulator/incidents').set('Accept', HTML).set('Cookie', regulator)).status).toBe(200);
    const enterprise = await signIn(c.members.farmA.key, '/regulator/incidents');
    expect((await t.http.get('/regulator/incidents').set('Accept', HTML).set('Cookie', enterprise)).status).toBe(403);
  });

  it('takes a regulator from the recall report page to the trace view, recalled nodes in red', async () => {
    const opened = await t.http
      .post('/recalls')
      .set('Authorization', `Bearer ${c.regulatorKey}`)
      .send({
        lots: [c.farmLots[0]],
        reason: 'pesticide residue',
        hazard: 'residue over the limit',
        severityClass: 'II',
        consumerAction: 'stop eating it',
      });
    expect(opened.status).toBe(201);
    const reportPath = `/recalls/${(opened.body as { id: string }).id}`;
    const publicPage = await t.http.get(reportPath).set('Accept', HTML);
    expect(publicPage.text).toContain('href="/sign-in"');
    expect(publicPage.text).not.toContain('/trace/view');
    const cookie = await signIn(c.regulatorKey, reportPath);
    const page = await t.http.get(reportPath).set('Accept', HTML).set('Cookie', cookie);
    expect(page.status).toBe(200);
    const href = /href="(\/trace\/view[^"]+)"/.exec(page.text)?.[1]?.replace(/&amp;/g, '&');
    expect(href).toBeDefined();
    const trace = await t.http
      .get(href ?? '')
      .set('Accept', HTML)
      .set('Cookie', cookie);
    expect(trace.status).toBe(200);
    expect(trace.text).toContain('RECALLED');
    expect(trace.text).toContain('#c62828');
    // The cookie opens pages only: a JSON client needs the key, which the report then links onwards.
    const json = await t.http.get(reportPath).set('Authorization', `Bearer ${c.regulatorKey}`);
    expect((json.body as { links: { xlsx: string } }).links.xlsx).toMatch(/^\/trace\/export\.xlsx\?/);
    expect((await t.http.get(reportPath).set('Cookie', cookie)).body).not.toHaveProperty('links');
  });
});
