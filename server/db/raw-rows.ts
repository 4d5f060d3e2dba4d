import type { Knex } from 'knex';

/**
 * The rows of a raw SQL query (node-postgres and PGlite both answer `{ rows }`), typed by the
 * caller: the one place raw results get their row type, instead of a cast at each query.
 */
export async function rawRows<Row>(db: Knex | Knex.Transaction, sql: string, bindings: readonly Knex.RawBinding[] = []): Promise<Row[]> {
  return (await db.raw<{ rows: Row[] }>(sql, bindings)).rows;
}
