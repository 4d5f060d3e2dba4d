import type { Knex } from 'knex';

/** Ledger events the indexer could not project (a data error), kept so the index moves past them and operators can see them. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('index_quarantine', (t) => {
    t.bigInteger('block_number').notNullable();
    t.integer('tx_index').notNullable();
    t.text('tx_id').notNullable();
    t.text('event_name').notNullable();
    t.jsonb('event_ids').notNullable();
    t.text('payload_summary').notNullable();
    t.integer('payload_bytes').notNullable();
    t.text('error_code');
    t.text('error_message').notNullable();
    t.timestamp('quarantined_at', { useTz: true }).notNullable();
    t.primary(['block_number', 'tx_index'], { constraintName: 'index_quarantine_pkey' });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('index_quarantine');
}
