import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { startTestService, backendName, type TestService } from '../helpers/test-service';
import { loadConfig, ConfigError } from '../../server/config/config';

// The validator checks against the official OpenAPI 3.0 / 3.1 JSON schemas; it is an ES module, which
// jest's CommonJS runtime cannot load, so it runs in a plain node process.
function validateOpenApi(documentText: string): { valid: boolean; errors?: unknown } {
  const script = "import { Validator } from '@seriousme/openapi-schema-validator'; let text = ''; for await (const c of process.stdin) text += c; const r = await new Validator().validate(JSON.parse(text)); process.stdout.write(JSON.stringify(r.valid ? { valid: true } : r));";
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], { input: documentText, encoding: 'utf8', cwd: path.resolve(__dirname, '../..') });
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

  it('serves a human docs page', async () => {
    const res = await t.http.get('/docs');
    expect(res.status).toBe(200);
    expect(res.text).toContain('/openapi.json');
  });

  it('rejects malformed JSON with 400 problem+json', async () => {
    const res = await t.http.post('/admin/keys').set('Authorization', `Bearer ${t.adminKey}`).set('Content-Type', 'application/json').send('{"role": ');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('lists every field at fault in a validation error', async () => {
    const res = await t.http.post('/admin/enterprises').set('Authorization', `Bearer ${t.adminKey}`).send({ id: '', companyPrefixes: ['12'] });
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
