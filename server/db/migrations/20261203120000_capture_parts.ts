import type { Knex } from 'knex';

/**
 * A capture job recorded in several transactions (a proceed document larger than one Fabric
 * transaction): how many parts it has, and each committed part's transaction as it lands.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('capture_jobs', (t) => {
    t.integer('parts').notNullable().defaultTo(1);
    t.jsonb('transactions').notNullable().defaultTo('[]');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('capture_jobs', (t) => {
    t.dropColumn('parts');
    t.dropColumn('transactions');
  });
}
