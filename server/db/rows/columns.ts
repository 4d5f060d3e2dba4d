import type { Knex } from 'knex';

// How each column type comes back: node-postgres and PGlite are configured alike (server/db/database.ts).

/** `bigint`: text, so block numbers past 2^53 stay exact; `Number()` it where it is known to be small. */
export type Int8 = string;
/** `numeric`: text, exactly as stored. */
export type Numeric = string;
/** `timestamp with time zone`. */
export type Timestamptz = Date;

/**
 * What a column accepts in an insert or update: a time as a `Date` or ISO text, a bigint or numeric
 * as a number or text, and a jsonb column as its JSON text (node-postgres would write a JS array as a
 * Postgres array, so jsonb values are always stringified first).
 */
export type Write<T> = T extends Date ? Date | string : T extends string ? string | number : T extends number | boolean | null ? T : string;

/** The columns of an insert or update: each a `Write` value or SQL (`knex.raw`). */
export type Writes<Row> = { [K in keyof Row]?: Write<Row[K]> | Knex.Raw };

/** A table's row type for knex: reads give `Row`, inserts and updates take `Writes<Row>`. */
export type Table<Row> = Knex.CompositeTableType<Row, Writes<Row>, Writes<Row>>;
