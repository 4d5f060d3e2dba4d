import express, { Router } from 'express';
import supertest from 'supertest';
import { createRegistry, openApiDocument, z } from '../../server/http/openapi';
import { problemHandler } from '../../server/http/problem';
import { defineRoute } from '../../server/http/route';
import { checkedListener, ContractChecker } from '../helpers/contract';

const thing = z.object({ id: z.string(), count: z.number().int() }).openapi('ContractTestThing', { example: { id: 'a', count: 1 } });

// A tiny service whose routes are defined once and drift on purpose.
function driftingService(): { app: express.Express; checker: ContractChecker } {
  const registry = createRegistry();
  const router = Router();
  const params = z.object({ id: z.string().regex(/^[a-z]+$/, 'lower-case letters') });
  const base = {
    method: 'get',
    tags: ['test'],
    summary: 'a thing',
    request: { params },
    responses: { 200: { description: 'the thing', schema: thing } },
  } as const;
  defineRoute(
    router,
    registry,
    { ...base, path: '/things/{id}', errors: [404] },
    ({ params: p, res }) => void res.json({ id: p.id, count: 1 }),
  );
  defineRoute(
    router,
    registry,
    { ...base, path: '/wrong-status/{id}' },
    ({ res }) => void res.status(409).type('application/problem+json').send('{}'),
  );
  defineRoute(router, registry, { ...base, path: '/wrong-type/{id}' }, ({ res }) => void res.type('text/plain').send('a thing'));
  defineRoute(router, registry, { ...base, path: '/wrong-body/{id}' }, ({ params: p, res }) => void res.json({ id: p.id, count: 'one' }));
  const app = express();
  app.use(router);
  app.use(problemHandler);
  app.use((_req, res) => void res.status(404).type('application/problem+json').send('{}'));
  return { app, checker: new ContractChecker(JSON.parse(JSON.stringify(openApiDocument(registry, 'http://localhost')))) };
}

describe('the OpenAPI contract checker', () => {
  const { app, checker } = driftingService();
  const violations: string[] = [];
  const http = supertest(checkedListener(app, checker, violations));

  beforeEach(() => violations.splice(0));

  it('passes an answer that keeps the contract, and a 400 for a path parameter the same schema refuses', async () => {
    expect((await http.get('/things/abc')).status).toBe(200);
    const bad = await http.get('/things/ABC');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: 'id', message: 'lower-case letters' }]);
    expect(violations).toEqual([]);
  });

  it('catches a status the operation does not declare', async () => {
    await http.get('/wrong-status/abc');
    expect(violations).toEqual(['GET /wrong-status/abc → 409: GET /wrong-status/{id} does not declare status 409']);
  });

  it('catches a content type the status does not declare', async () => {
    await http.get('/wrong-type/abc');
    expect(violations).toEqual(['GET /wrong-type/abc → 200: GET /wrong-type/{id} 200 declares application/json, not text/plain']);
  });

  it('catches a body that violates its schema, naming the field', async () => {
    await http.get('/wrong-body/abc');
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatch(/^GET \/wrong-body\/abc → 200: body violates the schema: .*count must be integer/);
  });

  it('catches an answer on a path no operation has, unless it is the 404 for an unknown route', async () => {
    await http.get('/nowhere');
    await http.post('/things/abc');
    expect(violations).toEqual([]);
    expect(checker.check({ method: 'GET', path: '/nowhere', status: 200, contentType: 'application/json', body: Buffer.from('{}') })).toBe(
      'no operation GET matches the path (status 200)',
    );
  });
});
