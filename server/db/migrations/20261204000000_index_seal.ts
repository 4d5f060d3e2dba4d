import type { Knex } from 'knex';

/**
 * The index seal: per derived table, the row count and two sums of keyed row hashes, as the
 * indexer last committed them, with an HMAC under a key kept in the service's data folder.
 *
 * Every write to a derived table leaves a row in `index_digest_delta` (statement triggers over the
 * transition tables, one per kind of write because Postgres allows transition tables only on
 * single-event triggers). The indexer folds the rows of its own transaction into the seal and
 * deletes them before it commits; a row left by any other transaction is a write from outside the
 * indexer. `GET /ledger/verify` compares the seal with one scan of each table instead of rebuilding
 * the index from the ledger (server/index/index-seal.ts).
 */

// The derived tables as of this migration; a derived table added later gets its triggers in its own
// migration (test/security/index-seal.test.ts fails until it has them).
const DERIVED = [
  'inspectors',
  'inspection_items',
  'inspection_results',
  'inspection_targets',
  'inspection_plans',
  'risk_grades',
  'risk_gradings',
  'event_declarations',
  'event_parties',
  'incident_status_history',
  'incident_products',
  'incidents',
  'declaration_supervision',
  'declaration_products',
  'declaration_versions',
  'declarations',
  'recall_lots',
  'recalls',
  'custody',
  'lineage_edges',
  'identifiers',
  'event_epcs',
  'events',
  'enterprises',
];

const KINDS = [
  { kind: 'insert', event: 'INSERT', referencing: 'NEW TABLE AS new_rows' },
  { kind: 'update', event: 'UPDATE', referencing: 'OLD TABLE AS old_rows NEW TABLE AS new_rows' },
  { kind: 'delete', event: 'DELETE', referencing: 'OLD TABLE AS old_rows' },
] as const;

/** `insert into index_digest_delta` of the rows of one transition table, counted with `sign`. */
function deltaOf(rows: 'new_rows' | 'old_rows', sign: '' | '-'): string {
  return `insert into index_digest_delta (txid, tbl, n, h1, h2)
    select txid_current(), TG_TABLE_NAME, ${sign}count(*), ${sign}coalesce(sum(l.a), 0), ${sign}coalesce(sum(l.b), 0)
    from ${rows} t cross join lateral suyuan_row_lanes(current_setting('suyuan.seal_key', true), t::text) l
    having count(*) > 0;`;
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('index_seal', (t) => {
    t.text('name').primary();
    // 'sealed' or 'unsealed' (no proven sums yet: a verify compares the index with the ledger and seals it).
    t.text('state').notNullable();
    t.jsonb('sums');
    t.bigInteger('block_number');
    t.integer('tx_index');
    t.text('mac');
    // 'indexer' (kept by the indexer's commits since it was empty) or 'verified' (sealed after a full comparison).
    t.text('origin');
    t.timestamp('sealed_at', { useTz: true });
  });
  await knex('index_seal').insert({ name: 'index', state: 'unsealed' });
  await knex.schema.createTable('index_digest_delta', (t) => {
    t.bigInteger('txid').notNullable().index();
    t.text('tbl').notNullable();
    t.bigInteger('n').notNullable();
    t.decimal('h1', null).notNullable();
    t.decimal('h2', null).notNullable();
  });
  // Two 64-bit lanes of MD5 over the key and the row's text. Keyed, MD5 serves as a pseudo-random
  // function (as in HMAC-MD5; its collision attacks need the state after the secret prefix): without the
  // key nobody can compute a row's lanes, so nobody can choose rows whose sums come out equal to the
  // seal's. Measured in the statement triggers, it costs a third of SHA-256 with the byte conversions.
  await knex.raw(`create function suyuan_row_lanes(k text, r text) returns table (a bigint, b bigint)
    language sql immutable parallel safe as $$
      select ('x' || substr(h, 1, 16))::bit(64)::bigint, ('x' || substr(h, 17, 16))::bit(64)::bigint
      from (select md5(coalesce(k, '') || chr(10) || r) as h) s
    $$`);
  for (const { kind } of KINDS) {
    const body =
      kind === 'insert'
        ? deltaOf('new_rows', '')
        : kind === 'delete'
          ? deltaOf('old_rows', '-')
          : `${deltaOf('old_rows', '-')} ${deltaOf('new_rows', '')}`;
    await knex.raw(`create function suyuan_seal_${kind}() returns trigger language plpgsql as $$ begin ${body} return null; end $$`);
  }
  for (const table of DERIVED)
    for (const { kind, event, referencing } of KINDS)
      await knex.raw(
        `create trigger "suyuan_seal_${kind}" after ${event} on "${table}" referencing ${referencing} for each statement execute function suyuan_seal_${kind}()`,
      );
}

export async function down(knex: Knex): Promise<void> {
  for (const table of DERIVED) for (const { kind } of KINDS) await knex.raw(`drop trigger if exists "suyuan_seal_${kind}" on "${table}"`);
  for (const { kind } of KINDS) await knex.raw(`drop function if exists suyuan_seal_${kind}()`);
  await knex.raw('drop function if exists suyuan_row_lanes(text, text)');
  await knex.schema.dropTableIfExists('index_digest_delta');
  await knex.schema.dropTableIfExists('index_seal');
}
