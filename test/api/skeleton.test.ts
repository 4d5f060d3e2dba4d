import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { startTestService, backendName, type TestService } from '../helpers/test-service';
import { loadConfig, ConfigError } from '../../server/config/config';

// The validator checks against the official OpenAPI 3.0 / 3.1 JSON schemas; it is an ES module, which
// jest's CommonJS runtime cannot load, so it runs in a plain node process.
function validateOpenApi(documentText: string): { valid: boolean; errors?: unknown } {
  const script =
    "import { Validator } from '@seriousme/openapi-schema-validator'; let text = ''; for await (const c of process.stdin) text += c; const r = await new Validator().validate(JSON.parse(text)); process.stdout.write(JSON.stringify(r.valid ? { valid: true } : r));";
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    input: documentText,
    encoding: 'utf8',
    cwd: path.resolve(__dirname, '../..'),
  });
  if (out.status !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout) as { valid: boolean; errors?: unknown };
}

describe(`service skeleton (${backendName()})`, () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers GET /healthz with 200', async () => {
    const res = await t.http.get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('answers GET /readyz with the database and ledger checks', async () => {
    const res = await t.http.get('/readyz');
    expect(res.status).toBe(200);
    expect(res.body.checks.database.ok).toBe(true);
    expect(res.body.checks.ledger.ok).toBe(true);
  });

  it('answers an unknown route with 404 problem+json', async () => {
    const res = await t.http.get('/nope');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, type: expect.stringContaining('not-found'), instance: '/nope' });
  });

  it('serves an OpenAPI 3.x document listing its routes', async () => {
    const res = await t.http.get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(validateOpenApi(res.text)).toEqual({ valid: true });
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/healthz', '/ledger', '/admin/enterprises']));
  });

  it('serves Prometheus metrics as text', async () => {
    await t.http.get('/healthz');
    const res = await t.http.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/# TYPE suyuan_http_request_duration_seconds histogram/);
  });

  describe('the interactive API reference at /docs', () => {
    // The policy the pages were served under before /docs became Swagger UI; the reference must not loosen it.
    const CSP =
      "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data:;object-src 'none';script-src 'self' 'unsafe-inline';script-src-attr 'none';style-src 'self' https: 'unsafe-inline'";
    const referenced = (html: string): string[] => [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1] ?? '');

    it('answers HTML that loads Swagger UI and its start-up script from this origin only, with no inline script', async () => {
      const res = await t.http.get('/docs');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      const urls = referenced(res.text);
      expect(urls).toEqual(
        expect.arrayContaining([
          '/openapi.json',
          '/docs/init.js',
          expect.stringMatching(/^\/docs\/assets\/swagger-ui-[\d.]+\/swagger-ui-bundle\.js$/),
          expect.stringMatching(/^\/docs\/assets\/swagger-ui-[\d.]+\/swagger-ui\.css$/),
        ]),
      );
      for (const url of urls) expect(url).toMatch(/^\/(?!\/)/);
      expect(res.text.match(/<script\b[^>]*>/g)).toEqual(urls.filter((u) => u.endsWith('.js')).map((u) => `<script src="${u}">`));
      expect(res.text).not.toMatch(/\son[a-z]+=/i);
    });

    it('serves the swagger-ui-dist bundle and stylesheet with their content types, cached as immutable', async () => {
      const page = await t.http.get('/docs');
      const [js, css] = ['swagger-ui-bundle.js', 'swagger-ui.css'].map(
        (name) => referenced(page.text).find((u) => u.endsWith(`/${name}`)) ?? '',
      );
      const bundle = await t.http.get(js ?? '');
      expect(bundle.status).toBe(200);
      expect(bundle.headers['content-type']).toMatch(/^(?:text|application)\/javascript/);
      expect(bundle.headers['cache-control']).toMatch(/immutable/);
      expect(bundle.headers['cache-control']).toMatch(/max-age=31536000/);
      expect(Number(bundle.headers['content-length'])).toBeGreaterThan(100_000);
      const style = await t.http.get(css ?? '');
      expect(style.status).toBe(200);
      expect(style.headers['content-type']).toMatch(/^text\/css/);
      expect(style.text).toContain('.swagger-ui');
    });

    it('serves no other file of the package (its index.html and petstore initializer stay out)', async () => {
      const base = (referenced((await t.http.get('/docs')).text).find((u) => u.endsWith('/swagger-ui.css')) ?? '').replace(
        /\/swagger-ui\.css$/,
        '',
      );
      for (const name of ['index.html', 'swagger-initializer.js', 'package.json', '', '../package.json'])
        expect((await t.http.get(`${base}/${name}`)).status).toBe(404);
      expect((await t.http.get('/docs/assets/swagger-ui.css')).status).toBe(404);
    });

    it('serves the start-up script as JavaScript: Swagger UI on /openapi.json, try-it-out against this origin', async () => {
      const res = await t.http.get('/docs/init.js');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/javascript/);
      expect(res.text).toContain("fetch('/openapi.json'");
      expect(res.text).toContain('SwaggerUIBundle(');
      expect(res.text).toContain('location.origin');
    });

    it('declares the bearer scheme the Authorize button uses', async () => {
      const doc = (await t.http.get('/openapi.json')).body;
      expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(doc.paths['/events'].get.security).toEqual([{ apiKey: [] }]);
    });

    it('keeps the strict Content-Security-Policy on the page, its script and its assets', async () => {
      const page = await t.http.get('/docs');
      const urls = ['/healthz', '/docs', '/docs/init.js', ...referenced(page.text).filter((u) => u.startsWith('/docs/assets/'))];
      for (const url of urls) expect({ url, csp: (await t.http.get(url)).headers['content-security-policy'] }).toEqual({ url, csp: CSP });
    });
  });

  it('rejects malformed JSON with 400 problem+json', async () => {
    const res = await t.http
      .post('/admin/keys')
      .set('Authorization', `Bearer ${t.adminKey}`)
      .set('Content-Type', 'application/json')
      .send('{"role": ');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('lists every field at fault in a validation error', async () => {
    const res = await t.http
      .post('/admin/enterprises')
      .set('Authorization', `Bearer ${t.adminKey}`)
      .send({ id: '', companyPrefixes: ['12'] });
    expect(res.status).toBe(400);
    const paths = (res.body.errors as Array<{ path: string }>).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['id', 'name', 'companyPrefixes[0]']));
  });
});

describe('configuration', () => {
  it('names every bad variable and what it expects', () => {
    expect(() => loadConfig({ PORT: 'abc', LEDGER: 'blockchain' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'abc', LEDGER: 'blockchain' });
    } catch (err) {
      expect((err as Error).message).toMatch(/PORT="abc"/);
      expect((err as Error).message).toMatch(/LEDGER="blockchain"/);
    }
  });

  it('defaults to the embedded ledger and ./data', () => {
    const config = loadConfig({});
    expect(config.LEDGER).toBe('embedded');
    expect(config.DATA_DIR).toBe('./data');
    expect(config.DATABASE_URL).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });
});
