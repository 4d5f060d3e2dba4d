/**
 * Regenerates client/schema.d.ts, the types of the typed client (client/index.ts), from the OpenAPI
 * document of the routes in this tree. No running server is needed: one is opened in this process on a
 * temporary data folder.
 *
 * Usage: npm run client:generate            (writes the file)
 *        npm run client:generate -- --check (writes nothing; exit 1 when the committed file is out of date)
 *        … -- --from openapi.json           (from a saved copy of GET /openapi.json instead of opening a service)
 * test/unit/client-schema.test.ts runs the check, so the committed file cannot drift from the routes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildClientSchema, CLIENT_SCHEMA_FILE } from './client/build-schema';
import { runMain } from './lib/run-main';

async function main(): Promise<number> {
  const from = process.argv.indexOf('--from');
  const text = await buildClientSchema(from > 0 ? process.argv[from + 1] : undefined);
  const before = fs.existsSync(CLIENT_SCHEMA_FILE) ? fs.readFileSync(CLIENT_SCHEMA_FILE, 'utf8') : '';
  const where = path.relative(process.cwd(), CLIENT_SCHEMA_FILE);
  if (before === text) {
    process.stdout.write(`${where} is up to date\n`);
    return 0;
  }
  if (process.argv.includes('--check')) {
    process.stderr.write(`${where} is out of date with the OpenAPI document: run \`npm run client:generate\` and commit it\n`);
    return 1;
  }
  fs.writeFileSync(CLIENT_SCHEMA_FILE, text);
  process.stdout.write(`${where} written (${text.split('\n').length} lines)\n`);
  return 0;
}

runMain(main);
