import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { migrationSource } from './migrations';

export type { Knex };

/** Where the index lives: a real Postgres URL, or a folder for embedded PGlite. */
export type DatabaseTarget = { readonly url: string } | { readonly pgliteDir: string };

/** An open index database; `kind` tells which backend, `close()` releases it. */
export interface Database {
  readonly knex: Knex;
  readonly kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

async function openPglite(dir: string): Promise<Knex> {
  fs.mkdirSync(dir, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const ClientPGLite = (await import('knex-pglite')).default;
  // Same shapes as node-postgres: bigint and numeric come back as strings.
  const pglite = new PGlite(dir, { parsers: { [INT8_OID]: (v: string) => v, [NUMERIC_OID]: (v: string) => v } });
  await pglite.waitReady;
  return knexFactory({ client: ClientPGLite, connection: { pglite } as never, useNullAsDefault: true });
}

function openPostgres(url: string): Knex {
  return knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 10 } });
}

/** Opens the index database and runs pending migrations. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  const knex = 'url' in target ? openPostgres(target.url) : await openPglite(path.resolve(target.pgliteDir));
  try {
    await knex.migrate.latest({ migrationSource });
  } catch (err) {
    await knex.destroy();
    throw err;
  }
  return { knex, kind: 'url' in target ? 'postgres' : 'pglite', close: () => knex.destroy() };
}
