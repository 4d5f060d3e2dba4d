import crypto from 'node:crypto';
import knexFactory from 'knex';

/**
 * Creates an empty Postgres database next to `baseUrl` (whose own database is only used to run
 * CREATE/DROP DATABASE) and returns its URL and a function that drops it again.
 */
export async function freshDatabase(baseUrl: string, prefix: string): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: baseUrl, pool: { min: 0, max: 1 } });
  await admin.raw(`create database "${name}"`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      await admin.raw(`drop database if exists "${name}" with (force)`);
      await admin.destroy();
    },
  };
}
