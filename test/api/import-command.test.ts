import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { importCommand } from '../../server/cli/import-command';
import { epcisDocument, gtin, itemId, uniquePrefix } from '../helpers/gs1';
import { registerEnterprise, startTestService, type TestService } from '../helpers/test-service';

function commissioning(prefix: string, serial: string): Record<string, unknown> {
  return {
    type: 'ObjectEvent',
    eventTime: '2026-05-01T08:00:00.000+08:00',
    eventTimeZoneOffset: '+08:00',
    action: 'ADD',
    epcList: [itemId(gtin(prefix, 1), serial)],
    bizStep: 'commissioning',
    disposition: 'active',
  };
}

describe('npm run cli -- import', () => {
  let t: TestService;
  let server: http.Server;
  let url: string;
  let output: string[];
  beforeAll(async () => {
    t = await startTestService();
    server = http.createServer(t.service.app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  beforeEach(() => {
    output = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => output.push(String(chunk)) > 0);
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });

  it('captures a document file and a JSON-lines file in chunks and exits 0 when every event was recorded', async () => {
    const prefix = uniquePrefix();
    const key = await registerEnterprise(t, { id: `imp-${prefix}`, companyPrefixes: [prefix] });
    const folder = path.join(t.dataDir, `import-${prefix}`);
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'a.json'), JSON.stringify(epcisDocument(['A1', 'A2', 'A3'].map((s) => commissioning(prefix, s)))));
    fs.writeFileSync(path.join(folder, 'b.jsonl'), ['B1', 'B2'].map((s) => JSON.stringify(commissioning(prefix, s))).join('\n'));

    const code = await importCommand([folder, '--url', url, '--key', key, '--chunk', '2']);

    expect(output.join('')).toContain('Imported 2 file(s) in 3 capture(s): 5 accepted, 0 rejected');
    expect(code).toBe(0);
    const listed = await t.http
      .get('/events')
      .query({ MATCH_anyEPC: itemId(gtin(prefix, 1), 'B2') })
      .set('Authorization', `Bearer ${key}`);
    expect(listed.body.epcisBody.queryResults.resultsBody.eventList).toHaveLength(1);
  });

  it('counts the events the service rejects (proceed) and what is not an object, names them, and exits 1', async () => {
    const prefix = uniquePrefix();
    const key = await registerEnterprise(t, { id: `imp-${prefix}`, companyPrefixes: [prefix] });
    const file = path.join(t.dataDir, `bad-${prefix}.jsonl`);
    const foreign = commissioning('9512345', 'X1');
    fs.writeFileSync(file, [commissioning(prefix, 'C1'), foreign, 42].map((e) => JSON.stringify(e)).join('\n'));

    const code = await importCommand([file, '--url', url, '--key', key]);

    const text = output.join('');
    expect(text).toContain('1 capture(s): 1 accepted, 2 rejected');
    expect(text).toContain('event 1: ');
    expect(text).toContain('item 3 is not a JSON object');
    expect(code).toBe(1);
  });

  it('reports an answer that is not 202 (an unknown key) with its status and detail', async () => {
    const file = path.join(t.dataDir, 'unknown-key.jsonl');
    fs.writeFileSync(file, JSON.stringify(commissioning(uniquePrefix(), 'D1')));

    const code = await importCommand([file, '--url', url, '--key', 'sy_not_a_key_0123456789abcdefghijkl']);

    expect(output.join('')).toMatch(/0 accepted, 1 rejected\n {2}- HTTP 401: \S/);
    expect(code).toBe(1);
  });
});
