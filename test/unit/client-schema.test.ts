import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestService, type TestService } from '../helpers/test-service';

const ROOT = path.resolve(__dirname, '../..');

// The document comes from a test service (its index copied from the run's template); the types are made in a
// child process, because openapi-typescript's parser is an ES module that jest's CommonJS runtime cannot load.
describe('client/schema.d.ts', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService({ PUBLIC_BASE_URL: 'http://localhost:3000' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('matches the OpenAPI document the routes describe now (else run `npm run client:generate` and commit it)', async () => {
    const saved = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'suyuan-openapi-')), 'openapi.json');
    fs.writeFileSync(saved, JSON.stringify((await t.http.get('/openapi.json')).body));
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/generate-client.ts', '--check', '--from', saved], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    fs.rmSync(path.dirname(saved), { recursive: true, force: true });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  });
});
