import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

// A child process, because openapi-typescript's parser is an ES module that jest's CommonJS runtime cannot load.
describe('client/schema.d.ts', () => {
  it('matches the OpenAPI document the routes describe now (else run `npm run client:generate` and commit it)', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/generate-client.ts', '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  });
});
