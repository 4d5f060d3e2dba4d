import type { Knex } from 'knex';

// The derived tables and the indexer's bookkeeping as they stand at this migration (INDEX_TABLES then).
const DERIVED = [
  'inspectors',
  'inspection_items',
  'inspection_results',
  'inspection_targets',
  'inspection_plans',
  'risk_grades',
  'risk_gradings',
  'event_declarations',
  'event_parties',
  'incident_status_history',
  'incident_products',
  'incidents',
  'declaration_supervision',
  'declaration_products',
  'declaration_versions',
  'declarations',
  'recall_lots',
  'recalls',
  'custody',
  'lineage_edges',
  'identifiers',
  'event_epcs',
  'events',
  'enterprises',
  'index_quarantine',
  'index_binding',
  'ledger_checkpoint',
];

const VIEWS = ['v_event_epcs', 'v_lineage_edges', 'v_custody', 'v_event_parties'];
const CHILDREN = ['event_epcs', 'lineage_edges', 'custody', 'event_parties'];

// The index is derived from the ledger: emptying it (checkpoint included) makes the indexer replay
// the whole ledger into the new shape when the service starts, as `index rebuild` would.
async function empty(knex: Knex): Promise<void> {
  await knex.raw(`truncate ${DERIVED.map((t) => `"${t}"`).join(', ')}`);
}

async function createChildren(knex: Knex): Promise<void> {
  await knex.schema.createTable('event_epcs', (t) => {
    t.bigInteger('event_seq').notNullable();
    t.text('role').notNullable();
    t.bigInteger('epc_seq').notNullable();
    t.bigInteger('node_seq').notNullable();
    t.bigInteger('class_seq');
    t.decimal('quantity', 20, 6);
    t.text('uom');
    t.primary(['event_seq', 'role', 'epc_seq'], { constraintName: 'event_epcs_pkey' });
    t.index(['epc_seq'], 'event_epcs_epc_idx');
    t.index(['node_seq'], 'event_epcs_node_idx');
    t.index(['class_seq'], 'event_epcs_class_idx');
  });
  await knex.schema.createTable('lineage_edges', (t) => {
    t.bigInteger('from_seq').notNullable();
    t.bigInteger('to_seq').notNullable();
    t.text('type').notNullable();
    t.bigInteger('event_seq').notNullable();
    t.primary(['from_seq', 'to_seq', 'type', 'event_seq'], { constraintName: 'lineage_edges_pkey' });
    t.index(['to_seq', 'type'], 'lineage_edges_to_idx');
  });
  await knex.schema.createTable('custody', (t) => {
    t.bigInteger('event_seq').notNullable();
    t.bigInteger('node_seq').notNullable();
    t.text('direction').notNullable();
    t.text('type').notNullable();
    t.text('party').notNullable();
    t.primary(['event_seq', 'node_seq', 'direction', 'type', 'party'], { constraintName: 'custody_pkey' });
    t.index(['node_seq'], 'custody_node_idx');
  });
  await knex.schema.createTable('event_parties', (t) => {
    t.bigInteger('event_seq').notNullable();
    t.text('enterprise_id').notNullable();
    t.primary(['event_seq', 'enterprise_id'], { constraintName: 'event_parties_pkey' });
    t.index(['enterprise_id', 'event_seq'], 'event_parties_enterprise_idx');
  });
}

// The child tables as the queries read them: every surrogate key turned back into its text id.
async function createViews(knex: Knex): Promise<void> {
  await knex.raw(`create view v_event_epcs as
    select e.event_id, x.role, a.id as epc, n.id as node_id, c.id as epc_class, x.quantity, x.uom, x.event_seq, x.node_seq
    from event_epcs x join events e on e.seq = x.event_seq join identifiers a on a.seq = x.epc_seq
    join identifiers n on n.seq = x.node_seq left join identifiers c on c.seq = x.class_seq`);
  await knex.raw(`create view v_lineage_edges as
    select f.id as from_id, t.id as to_id, x.type, e.event_id, x.from_seq, x.to_seq, x.event_seq
    from lineage_edges x join identifiers f on f.seq = x.from_seq join identifiers t on t.seq = x.to_seq join events e on e.seq = x.event_seq`);
  await knex.raw(`create view v_custody as
    select e.event_id, n.id as node_id, x.direction, x.type, x.party, x.event_seq, x.node_seq
    from custody x join events e on e.seq = x.event_seq join identifiers n on n.seq = x.node_seq`);
  await knex.raw(`create view v_event_parties as
    select e.event_id, x.enterprise_id, x.event_seq from event_parties x join events e on e.seq = x.event_seq`);
}

/**
 * A narrower index: `events` and `identifiers` get integer surrogate keys (`seq`, assigned in ledger
 * order by the projections), and the per-event child tables hold those integers instead of
 * repeating 50 to 90 character event ids and Digital Link URIs in every row and index entry. The
 * text ids stay once, in `events` and `identifiers` (their primary keys); the `v_*` views give the
 * child tables back with their text ids. Emptying the index makes the service rebuild it from the
 * ledger on start.
 */
export async function up(knex: Knex): Promise<void> {
  await empty(knex);
  for (const table of CHILDREN) await knex.schema.dropTable(table);
  await knex.schema.alterTable('events', (t) => {
    t.bigInteger('seq').notNullable().unique({ indexName: 'events_seq_key' });
  });
  await knex.schema.alterTable('identifiers', (t) => {
    t.bigInteger('seq').notNullable().unique({ indexName: 'identifiers_seq_key' });
  });
  await createChildren(knex);
  await createViews(knex);
}

export async function down(knex: Knex): Promise<void> {
  await empty(knex);
  for (const view of VIEWS) await knex.raw(`drop view if exists "${view}"`);
  for (const table of CHILDREN) await knex.schema.dropTable(table);
  await knex.schema.alterTable('events', (t) => {
    t.dropColumn('seq');
  });
  await knex.schema.alterTable('identifiers', (t) => {
    t.dropColumn('seq');
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
  await knex.schema.createTable('event_parties', (t) => {
    t.text('event_id').notNullable();
    t.text('enterprise_id').notNullable();
    t.primary(['event_id', 'enterprise_id'], { constraintName: 'event_parties_pkey' });
    t.index(['enterprise_id', 'event_id'], 'event_parties_enterprise_idx');
  });
}
