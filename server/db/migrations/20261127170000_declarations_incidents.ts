import type { Knex } from 'knex';

async function createDeclarationTables(knex: Knex): Promise<void> {
  await knex.schema.createTable('declarations', (t) => {
    t.text('id').primary();
    t.text('enterprise_id').notNullable();
    t.text('status').notNullable();
    t.integer('current_version').notNullable();
    t.text('standard_type').notNullable();
    t.text('standard_number').notNullable();
    t.text('search_text').notNullable();
    t.jsonb('record').notNullable();
    t.text('tx_id').notNullable();
    t.bigInteger('block_number').notNullable();
    t.integer('tx_index').notNullable();
    t.timestamp('published_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.index(['enterprise_id'], 'declarations_enterprise_idx');
    t.index(['standard_number'], 'declarations_standard_idx');
  });
  await knex.schema.createTable('declaration_versions', (t) => {
    t.text('declaration_id').notNullable();
    t.integer('version').notNullable();
    t.text('status').notNullable();
    t.jsonb('record').notNullable();
    t.text('tx_id').notNullable();
    t.bigInteger('block_number').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.primary(['declaration_id', 'version'], { constraintName: 'declaration_versions_pkey' });
  });
  await knex.schema.createTable('declaration_products', (t) => {
    t.text('declaration_id').notNullable();
    t.integer('version').notNullable();
    t.text('gtin').notNullable();
    t.primary(['declaration_id', 'version', 'gtin'], { constraintName: 'declaration_products_pkey' });
    t.index(['gtin'], 'declaration_products_gtin_idx');
  });
  await knex.schema.createTable('declaration_supervision', (t) => {
    t.text('tx_id').primary();
    t.text('declaration_id').notNullable();
    t.integer('version').notNullable();
    t.text('enterprise_id').notNullable();
    t.text('result').notNullable();
    t.jsonb('record').notNullable();
    t.bigInteger('block_number').notNullable();
    t.timestamp('recorded_at', { useTz: true }).notNullable();
    t.index(['declaration_id'], 'declaration_supervision_declaration_idx');
    t.index(['enterprise_id', 'result'], 'declaration_supervision_enterprise_idx');
  });
}

async function createIncidentTables(knex: Knex): Promise<void> {
  await knex.schema.createTable('incidents', (t) => {
    t.text('id').primary();
    t.text('enterprise_id').notNullable();
    t.text('status').notNullable();
    t.text('severity').notNullable();
    t.boolean('late').notNullable();
    t.timestamp('occurred_at', { useTz: true }).notNullable();
    t.timestamp('aware_at', { useTz: true }).notNullable();
    t.timestamp('reported_at', { useTz: true }).notNullable();
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.text('recall_id');
    t.jsonb('record').notNullable();
    t.text('tx_id').notNullable();
    t.bigInteger('block_number').notNullable();
    t.integer('tx_index').notNullable();
    t.index(['enterprise_id'], 'incidents_enterprise_idx');
    t.index(['status'], 'incidents_status_idx');
  });
  await knex.schema.createTable('incident_products', (t) => {
    t.text('incident_id').notNullable();
    t.text('gtin').notNullable();
    t.primary(['incident_id', 'gtin'], { constraintName: 'incident_products_pkey' });
    t.index(['gtin'], 'incident_products_gtin_idx');
  });
  await knex.schema.createTable('incident_status_history', (t) => {
    t.text('incident_id').notNullable();
    t.integer('seq').notNullable();
    t.text('status').notNullable();
    t.text('note').notNullable();
    t.text('recall_id');
    t.text('tx_id').notNullable();
    t.timestamp('at', { useTz: true }).notNullable();
    t.primary(['incident_id', 'seq'], { constraintName: 'incident_status_history_pkey' });
  });
}

/** Index of standard self-declarations (with versions and spot checks) and incident reports (with status history). */
export async function up(knex: Knex): Promise<void> {
  await createDeclarationTables(knex);
  await createIncidentTables(knex);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'incident_status_history',
    'incident_products',
    'incidents',
    'declaration_supervision',
    'declaration_products',
    'declaration_versions',
    'declarations',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
