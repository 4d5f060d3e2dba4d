import supertest from 'supertest';
import { startingHandler } from '../../server/http/starting';

describe('while the service opens its ledger', () => {
  const http = supertest(startingHandler);

  it('answers /healthz: the process is alive and starting', async () => {
    const res = await http.get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'starting' });
  });

  it('is not ready yet', async () => {
    const res = await http.get('/readyz');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
  });

  it('answers every other request 503 problem+json with Retry-After, reads and writes alike', async () => {
    for (const req of [http.get('/events?eventType=ObjectEvent'), http.post('/capture').send({}), http.get('/01/09520020000114')]) {
      const res = await req;
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.headers['content-type']).toBe('application/problem+json');
      expect(JSON.parse(res.text)).toMatchObject({ type: 'https://suyuan.dev/problems/starting', status: 503 });
    }
  });
});
