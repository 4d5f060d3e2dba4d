import type { Knex } from 'knex';

/** The derived index of the ledger: events, identifiers, lineage, custody, enterprises, recalls, and the checkpoint. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('ledger_checkpoint', (t) => {
    t.text('name').primary();
    t.bigInteger('block_number').notNullable();
    t.integer('tx_index').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('enterprises', (t) => {
    t.text('id').primary();
    t.text('name').notNullable();
    t.jsonb('company_prefixes').notNullable();
    t.jsonb('locations').notNullable();
    t.jsonb('identity').notNullable();
    t.text('tx_id').notNullable();
    t.bigInteger('block_number').notNullable();
    t.timestamp('registered_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('events', (t) => {
    t.text('event_id').primary();
    t.text('event_type').notNullable();
    t.timestamp('event_time', { useTz: true }).notNullable();
    t.timestamp('record_time', { useTz: true }).notNullable();
    t.text('action');
    t.text('biz_step');
    t.text('disposition');
    t.text('read_point');
    t.text('biz_location');
    t.text('recorder').notNullable();
    t.text('tx_id').notNullable();
    t.bigInteger('block_number').notNullable();
    t.integer('tx_index').notNullable();
    t.integer('position').notNullable();
    t.jsonb('error_declaration');
    t.jsonb('doc').notNullable();
    t.index(['event_time'], 'events_event_time_idx');
    t.index(['biz_step'], 'events_biz_step_idx');
    t.index(['block_number', 'tx_index', 'position'], 'events_ledger_order_idx');
    t.index(['recorder'], 'events_recorder_idx');
    t.index(['tx_id'], 'events_tx_id_idx');
  });
  await knex.schema.createTable('event_epcs', (t) => {
    t.text('event_id').notNullable();
    t.text('role').notNullable();
    t.text('epc').notNullable();
    t.text('node_id').notNullable();
    t.text('epc_class');
    t.decimal('quantity', 20, 6);
    t.text('uom');
    t.primary(['event_id', 'role', 'epc'], { constraintName: 'event_epcs_pkey' });
    t.index(['epc'], 'event_epcs_epc_idx');
    t.index(['node_id'], 'event_epcs_node_idx');
    t.index(['epc_class'], 'event_epcs_class_idx');
  });
  await knex.schema.createTable('identifiers', (t) => {
    t.text('id').primary();
    t.text('kind').notNullable();
    t.text('product');
    t.text('lot_id');
    t.text('owner');
    t.text('custodian');
    t.text('last_disposition');
    t.boolean('recalled').notNullable().defaultTo(false);
    t.jsonb('recall_ids').notNullable().defaultTo('[]');
    t.text('first_event_id');
    t.text('last_event_id');
    t.bigInteger('updated_block').notNullable();
    t.index(['lot_id'], 'identifiers_lot_idx');
    t.index(['product'], 'identifiers_product_idx');
  });
  await knex.schema.createTable('lineage_edges', (t) => {
    t.text('from_id').notNullable();
    t.text('to_id').notNullable();
    t.text('type').notNullable();
    t.text('event_id').notNullable();
    t.primary(['from_id', 'to_id', 'type', 'event_id'], { constraintName: 'lineage_edges_pkey' });
    t.index(['to_id', 'type'], 'lineage_edges_to_idx');
  });
  await knex.schema.createTable('custody', (t) => {
    t.text('event_id').notNullable();
    t.text('node_id').notNullable();
    t.text('direction').notNullable();
    t.text('type').notNullable();
    t.text('party').notNullable();
    t.primary(['event_id', 'node_id', 'direction', 'type', 'party'], { constraintName: 'custody_pkey' });
    t.index(['node_id'], 'custody_node_idx');
  });
  await knex.schema.createTable('recalls', (t) => {
    t.text('id').primary();
    t.text('opened_by').notNullable();
    t.jsonb('record').notNullable();
    t.text('status').notNullable();
    t.text('tx_id').notNullable();
    t.bigInteger('block_number').notNullable();
    t.timestamp('opened_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('recall_lots', (t) => {
    t.text('recall_id').notNullable();
    t.text('lot_id').notNullable();
    t.primary(['recall_id', 'lot_id'], { constraintName: 'recall_lots_pkey' });
    t.index(['lot_id'], 'recall_lots_lot_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'recall_lots',
    'recalls',
    'custody',
    'lineage_edges',
    'identifiers',
    'event_epcs',
    'events',
    'enterprises',
    'ledger_checkpoint',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
