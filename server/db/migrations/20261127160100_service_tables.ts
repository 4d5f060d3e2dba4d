import type { Knex } from 'knex';

/** Service state that is not derived from the ledger: API keys, capture jobs, consumer complaints. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('api_keys', (t) => {
    t.text('id').primary();
    t.text('name').notNullable();
    t.text('role').notNullable();
    t.text('enterprise_id');
    t.text('key_hash').notNullable().unique({ indexName: 'api_keys_hash_uq' });
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('revoked_at', { useTz: true });
  });
  await knex.schema.createTable('capture_jobs', (t) => {
    t.text('id').primary();
    t.text('status').notNullable();
    t.text('behaviour').notNullable();
    t.text('enterprise_id');
    t.text('tx_id');
    t.integer('event_count').notNullable();
    t.jsonb('errors').notNullable().defaultTo('[]');
    t.jsonb('event_ids').notNullable().defaultTo('[]');
    t.bigInteger('block_number');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('finished_at', { useTz: true });
    t.index(['status'], 'capture_jobs_status_idx');
  });
  await knex.schema.createTable('complaints', (t) => {
    t.text('id').primary();
    t.text('subject_id').notNullable();
    t.text('owner');
    t.text('message').notNullable();
    t.text('contact');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['owner'], 'complaints_owner_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('complaints');
  await knex.schema.dropTableIfExists('capture_jobs');
  await knex.schema.dropTableIfExists('api_keys');
}
