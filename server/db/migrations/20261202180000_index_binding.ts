import type { Knex } from 'knex';

/** Which ledger the index was built from: an index never follows a ledger other than its own. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('index_binding', (t) => {
    t.text('name').primary();
    t.text('ledger_id').notNullable();
    t.timestamp('bound_at', { useTz: true }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('index_binding');
}
