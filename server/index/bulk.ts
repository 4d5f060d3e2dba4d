import type { Knex } from 'knex';

/** Column name and its Postgres type, as jsonb_to_recordset needs it. */
export type Column = readonly [name: string, type: string];

/**
 * Inserts many rows with one statement and one parameter: the rows travel as a JSON array and
 * Postgres unpacks them with jsonb_to_recordset. `onConflict` is the tail of the statement.
 */
export async function insertRows(
  trx: Knex.Transaction | Knex,
  table: string,
  columns: readonly Column[],
  rows: readonly object[],
  onConflict: string,
): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.map(([n]) => `"${n}"`).join(', ');
  const defs = columns.map(([n, t]) => `"${n}" ${t}`).join(', ');
  await trx.raw(`INSERT INTO "${table}" (${names}) SELECT ${names} FROM jsonb_to_recordset(?::jsonb) AS x(${defs}) ${onConflict}`, [
    JSON.stringify(rows),
  ]);
}
