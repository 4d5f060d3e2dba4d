import type { Knex } from 'knex';

/**
 * What the rules between enterprises add to the index: who is party to each event (the read
 * rule), the errorDeclarations kept beside the events they declare, and each recall lot's
 * standing (recalled, or affected until its owner or a regulator confirms); capture jobs report
 * the events they found already recorded.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('event_parties', (t) => {
    t.text('event_id').notNullable();
    t.text('enterprise_id').notNullable();
    t.primary(['event_id', 'enterprise_id'], { constraintName: 'event_parties_pkey' });
    t.index(['enterprise_id', 'event_id'], 'event_parties_enterprise_idx');
  });
  await knex.schema.createTable('event_declarations', (t) => {
    t.text('event_id').primary();
    t.text('declared_by').notNullable();
    t.timestamp('declared_at', { useTz: true }).notNullable();
    t.text('tx_id').notNullable();
    t.bigInteger('block_number').notNullable();
    t.jsonb('error_declaration').notNullable();
    t.jsonb('corrective_event_ids').notNullable();
  });
  // An index built before these rules: each event's recorder is a party to it, and its declaration was the recorder's.
  await knex.raw('INSERT INTO event_parties (event_id, enterprise_id) SELECT event_id, recorder FROM events ON CONFLICT DO NOTHING');
  await knex.raw(
    `INSERT INTO event_declarations (event_id, declared_by, declared_at, tx_id, block_number, error_declaration, corrective_event_ids)
     SELECT event_id, recorder, record_time, tx_id, block_number, error_declaration, COALESCE(error_declaration->'correctiveEventIDs', '[]'::jsonb)
     FROM events WHERE error_declaration IS NOT NULL ON CONFLICT DO NOTHING`,
  );
  await knex.schema.alterTable('capture_jobs', (t) => {
    t.jsonb('duplicates').notNullable().defaultTo('[]');
  });
  await knex.schema.alterTable('recall_lots', (t) => {
    t.text('status').notNullable().defaultTo('recalled');
    t.text('owner');
    t.text('confirmed_by');
    t.timestamp('confirmed_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('recall_lots', (t) => {
    t.dropColumn('confirmed_at');
    t.dropColumn('confirmed_by');
    t.dropColumn('owner');
    t.dropColumn('status');
  });
  await knex.schema.alterTable('capture_jobs', (t) => {
    t.dropColumn('duplicates');
  });
  await knex.schema.dropTableIfExists('event_declarations');
  await knex.schema.dropTableIfExists('event_parties');
}
