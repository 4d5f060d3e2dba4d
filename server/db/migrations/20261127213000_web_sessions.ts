import type { Knex } from 'knex';

/** Browser sessions for the regulator pages: a cookie token's hash, bound to the API key it was opened with. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('web_sessions', (t) => {
    t.text('token_hash').primary();
    t.text('key_id').notNullable().references('id').inTable('api_keys').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.index(['expires_at'], 'web_sessions_expires_at_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('web_sessions');
}
