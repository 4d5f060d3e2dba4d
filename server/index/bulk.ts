import type { Knex } from 'knex';

/** Column name and its Postgres type, as jsonb_to_recordset needs it. */
export type Column = readonly [name: string, type: string];

/**
 * Inserts many rows with one statement and one parameter: the rows travel as a JSON array and
 * Postgres unpacks them with jsonb_to_recordset. `onConflict` is the tail of the statement (empty
 * for a plain insert).
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

/**
 * Serialises, within one transaction, the writers of the surrogate keys (`seq`) of `events` and
 * `identifiers` in the current schema: keys are handed out from `max(seq)` on in ledger order, so
 * that a rebuild or a verification replaying the same ledger gives every row the same key.
 */
export async function lockSurrogateKeys(trx: Knex.Transaction): Promise<void> {
  await trx.raw("select pg_advisory_xact_lock(hashtext('suyuan.index.seq.' || current_schema()))");
}

/** A JSON array parameter unpacked as the rows `x` of `columns`, with their position `ord` when `ordered`. */
export function recordset(columns: readonly Column[], ordered = false): string {
  const defs = columns.map(([n, t]) => `"${n}" ${t}`).join(', ');
  return `jsonb_to_recordset(?::jsonb) AS x(${defs}${ordered ? ', ord integer' : ''})`;
}

/** The rows as the parameter of an ordered `recordset`. */
export const orderedJson = (rows: readonly object[]): string => JSON.stringify(rows.map((r, ord) => ({ ...r, ord })));

/**
 * SQL inserting the rows `x` of `from` whose `key` is not in `table` yet, numbering them on from the
 * table's highest `seq` in their order `ord` (call `lockSurrogateKeys` first). Rows already there are
 * left as they are: a plain insert, not an upsert.
 */
export function insertNewKeyedSql(table: 'events' | 'identifiers', key: string, columns: readonly Column[], from: string): string {
  const names = columns.map(([n]) => `"${n}"`).join(', ');
  const values = columns.map(([n]) => `x."${n}"`).join(', ');
  return `INSERT INTO "${table}" (seq, ${names})
     SELECT (SELECT coalesce(max(seq), 0) FROM "${table}") + row_number() OVER (ORDER BY x.ord), ${values} FROM ${from}
     WHERE NOT EXISTS (SELECT 1 FROM "${table}" t WHERE t."${key}" = x."${key}")`;
}

/** Runs `insertNewKeyedSql` over `rows` (numbered in the order given). */
export async function insertNewKeyed(
  trx: Knex.Transaction,
  table: 'events' | 'identifiers',
  key: string,
  columns: readonly Column[],
  rows: readonly object[],
): Promise<void> {
  if (rows.length === 0) return;
  await trx.raw(insertNewKeyedSql(table, key, columns, recordset(columns, true)), [orderedJson(rows)]);
}
