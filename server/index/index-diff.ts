import type { Knex } from 'knex';

/** How one derived table differs from the rows the ledger implies. */
export interface TableDiff {
  readonly table: string;
  /** Rows in the live index. */
  readonly rows: number;
  /** Rows the ledger implies. */
  readonly expectedRows: number;
  /** Keys the ledger implies that the index lacks. */
  readonly missing: number;
  /** Keys in the index that the ledger does not imply. */
  readonly extra: number;
  /** Keys in both whose rows differ in some column. */
  readonly altered: number;
  /** The first few keys of each kind, in key order. */
  readonly keys: ReadonlyArray<{ readonly kind: DiffKind; readonly key: Readonly<Record<string, unknown>> }>;
}

export type DiffKind = 'missing' | 'extra' | 'altered';

const quoteLiteral = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** The primary key columns of `relation` in key order, or every column when it has none. */
export async function keyColumns(trx: Knex | Knex.Transaction, relation: string): Promise<string[]> {
  const pk = await trx.raw<{ rows: Array<{ name: string }> }>(
    `select a.attname as name from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
     where i.indrelid = ?::regclass and i.indisprimary order by array_position(i.indkey::int2[], a.attnum)`,
    [relation],
  );
  if (pk.rows.length > 0) return pk.rows.map((r) => r.name);
  const all = await trx.raw<{ rows: Array<{ name: string }> }>(
    'select attname as name from pg_attribute where attrelid = ?::regclass and attnum > 0 and not attisdropped order by attnum',
    [relation],
  );
  return all.rows.map((r) => r.name);
}

async function count(trx: Knex.Transaction, relation: string): Promise<number> {
  const r = await trx.raw<{ rows: Array<{ n: number | string }> }>(`select count(*) as n from ${relation}`);
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * Compares every column of every row of `expected` and `actual` (two tables of the same shape):
 * rows are turned into jsonb and subtracted both ways (EXCEPT ALL, so duplicates count), then the
 * leftovers are matched by primary key into missing, extra and altered.
 */
export async function diffTable(
  trx: Knex.Transaction,
  table: string,
  expected: string,
  actual: string,
  sample: number,
): Promise<TableDiff> {
  const keys = await keyColumns(trx, actual);
  const keyOf = `jsonb_build_array(${keys.map((k) => `r->${quoteLiteral(k)}`).join(', ')})`;
  const found = await trx.raw<{ rows: Array<{ kind: DiffKind; k: unknown[]; total: number | string }> }>(
    `with e as (select to_jsonb(t) as r from ${expected} t), a as (select to_jsonb(t) as r from ${actual} t),
       gone as (select r from e except all select r from a), added as (select r from a except all select r from e),
       g as (select distinct ${keyOf} as k from gone), ad as (select distinct ${keyOf} as k from added),
       d as (select coalesce(g.k, ad.k) as k, case when ad.k is null then 'missing' when g.k is null then 'extra' else 'altered' end as kind from g full join ad on g.k = ad.k),
       n as (select k, kind, row_number() over (partition by kind order by k::text) as rn, count(*) over (partition by kind) as total from d)
     select kind, k, total from n where rn <= ? order by kind, rn`,
    [sample],
  );
  const totals: Record<DiffKind, number> = { missing: 0, extra: 0, altered: 0 };
  for (const row of found.rows) totals[row.kind] = Number(row.total);
  return {
    table,
    rows: await count(trx, actual),
    expectedRows: await count(trx, expected),
    ...totals,
    keys: found.rows.map((r) => ({ kind: r.kind, key: Object.fromEntries(keys.map((name, i) => [name, r.k[i]])) })),
  };
}
