import type { Knex } from 'knex';

/**
 * Supervision, derived from the ledger: risk grading runs and the grades they gave, the standing
 * inspection lists (items, inspectors), inspection plans with their draws (one row per drawn
 * target), and inspection results.
 */
export async function up(knex: Knex): Promise<void> {
  await createGradingTables(knex);
  await createInspectionTables(knex);
  await createListTables(knex);
}

async function createListTables(knex: Knex): Promise<void> {
  for (const table of ['inspection_items', 'inspectors']) {
    await knex.schema.createTable(table, (t) => {
      t.text('id').primary();
      t.jsonb('record').notNullable();
      t.text('tx_id').notNullable();
      t.bigInteger('block_number').notNullable();
      t.integer('tx_index').notNullable();
    });
  }
}

async function createGradingTables(knex: Knex): Promise<void> {
  await knex.schema.createTable('risk_gradings', (t) => {
    t.text('id').primary();
    t.text('rules_version').notNullable();
    t.bigInteger('as_of_height').notNullable();
    t.jsonb('record').notNullable();
    t.text('tx_id').notNullable();
    t.bigInteger('block_number').notNullable();
    t.timestamp('recorded_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('risk_grades', (t) => {
    t.text('grading_id').notNullable();
    t.text('enterprise_id').notNullable();
    t.integer('grade').notNullable();
    t.integer('score').notNullable();
    t.jsonb('factors').notNullable();
    t.bigInteger('block_number').notNullable();
    t.timestamp('recorded_at', { useTz: true }).notNullable();
    t.primary(['grading_id', 'enterprise_id'], { constraintName: 'risk_grades_pkey' });
    t.index(['enterprise_id', 'block_number'], 'risk_grades_enterprise_idx');
  });
}

async function createInspectionTables(knex: Knex): Promise<void> {
  await knex.schema.createTable('inspection_plans', (t) => {
    t.text('id').primary();
    t.text('status').notNullable();
    t.text('title').notNullable();
    t.jsonb('record').notNullable();
    t.text('tx_id').notNullable();
    t.bigInteger('block_number').notNullable();
    t.timestamp('recorded_at', { useTz: true }).notNullable();
    t.text('draw_tx_id');
    t.bigInteger('seed_block');
    t.timestamp('drawn_at', { useTz: true });
    t.index(['recorded_at'], 'inspection_plans_recorded_idx');
  });
  await knex.schema.createTable('inspection_targets', (t) => {
    t.text('plan_id').notNullable();
    t.text('enterprise_id').notNullable();
    t.integer('grade').notNullable();
    t.integer('position').notNullable();
    t.jsonb('inspectors').notNullable();
    t.primary(['plan_id', 'enterprise_id'], { constraintName: 'inspection_targets_pkey' });
    t.index(['enterprise_id'], 'inspection_targets_enterprise_idx');
  });
  await knex.schema.createTable('inspection_results', (t) => {
    t.text('id').notNullable();
    t.text('plan_id').notNullable();
    t.text('enterprise_id').notNullable();
    t.text('outcome').notNullable();
    t.jsonb('record').notNullable();
    t.text('tx_id').notNullable();
    t.bigInteger('block_number').notNullable();
    t.timestamp('recorded_at', { useTz: true }).notNullable();
    // The ledger keeps one result per drawn target and plan.
    t.primary(['plan_id', 'enterprise_id'], { constraintName: 'inspection_results_pkey' });
    t.index(['id'], 'inspection_results_id_idx');
    t.index(['enterprise_id', 'recorded_at'], 'inspection_results_enterprise_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('inspectors');
  await knex.schema.dropTableIfExists('inspection_items');
  await knex.schema.dropTableIfExists('inspection_results');
  await knex.schema.dropTableIfExists('inspection_targets');
  await knex.schema.dropTableIfExists('inspection_plans');
  await knex.schema.dropTableIfExists('risk_grades');
  await knex.schema.dropTableIfExists('risk_gradings');
}
