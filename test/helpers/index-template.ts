import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { openDatabase } from '../../server/db/database';

/**
 * A migrated, empty index database made once per test run and copied for every test service: a fresh
 * PGlite runs initdb and every migration (seconds of WASM per service), a copy of a closed cluster
 * folder takes milliseconds; on Postgres, `create database … template` replaces the migrations.
 * The name carries a hash of the migrations and the PGlite version, so a change to either makes a new one.
 */
function templateKey(): string {
  const hash = createHash('sha256');
  const dir = path.resolve(__dirname, '../../server/db/migrations');
  for (const file of fs.readdirSync(dir).sort()) hash.update(file).update(fs.readFileSync(path.join(dir, file)));
  const pglite = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../node_modules/@electric-sql/pglite/package.json'), 'utf8')) as {
    version: string;
  };
  return hash.update(pglite.version).digest('hex').slice(0, 16);
}

/** Where the PGlite template of this checkout's migrations lives (it may not exist yet). */
export function pgliteTemplateDir(): string {
  return path.join(os.tmpdir(), `suyuan-pglite-template-${templateKey()}`);
}

/** The Postgres database the test databases are copied from. */
export function postgresTemplateName(): string {
  return `suyuan_test_template_${templateKey()}`;
}

/** Makes the PGlite template if it is missing (built beside, then renamed into place). */
export async function ensurePgliteTemplate(): Promise<void> {
  const dir = pgliteTemplateDir();
  if (fs.existsSync(dir)) return;
  const building = `${dir}.${process.pid}`;
  const db = await openDatabase({ pgliteDir: building });
  await db.close();
  try {
    fs.renameSync(building, dir);
  } catch {
    fs.rmSync(building, { recursive: true, force: true }); // another run made it first
  }
}

/** Whether the Postgres template of this checkout's migrations exists on the server `admin` is connected to. */
export async function postgresTemplateExists(admin: Knex): Promise<boolean> {
  const found = await admin.raw<{ rows: unknown[] }>('select 1 from pg_database where datname = ?', [postgresTemplateName()]);
  return found.rows.length > 0;
}

/** Makes the Postgres template database if it is missing. */
export async function ensurePostgresTemplate(baseUrl: string): Promise<void> {
  const name = postgresTemplateName();
  const admin = knexFactory({ client: 'pg', connection: baseUrl, pool: { min: 0, max: 1 } });
  try {
    if (await postgresTemplateExists(admin)) return;
    const building = `${name}_${process.pid}`;
    await admin.raw(`create database "${building}"`);
    const url = new URL(baseUrl);
    url.pathname = `/${building}`;
    const db = await openDatabase({ url: url.toString() });
    await db.close();
    await admin.raw(`alter database "${building}" rename to "${name}"`).catch(async () => {
      await admin.raw(`drop database if exists "${building}"`); // another run made it first
    });
  } finally {
    await admin.destroy();
  }
}
