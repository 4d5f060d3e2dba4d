import type { Knex } from 'knex';

/** Indexes for recall notices, newest first. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('recalls', (t) => {
    t.index(['opened_at'], 'recalls_opened_at_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('recalls', (t) => {
    t.dropIndex(['opened_at'], 'recalls_opened_at_idx');
  });
}
