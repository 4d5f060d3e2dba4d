import type { Knex } from 'knex';
import * as ledgerIndex from './20261127160000_ledger_index';
import * as serviceTables from './20261127160100_service_tables';
import * as declarationsIncidents from './20261127170000_declarations_incidents';
import * as traceIndexes from './20261127171000_trace_indexes';
import * as webSessions from './20261127213000_web_sessions';
import * as indexQuarantine from './20261202150000_index_quarantine';
import * as enterpriseRules from './20261202160000_enterprise_rules';
import * as supervision from './20261202170000_supervision';
import * as indexBinding from './20261202180000_index_binding';
import * as narrowIndex from './20261203000000_narrow_index';
import * as captureParts from './20261203120000_capture_parts';
import * as indexSeal from './20261204000000_index_seal';
import * as sealLanesOnce from './20261205000000_seal_lanes_once';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

// Listed explicitly so the same migrations run under tsx, jest and compiled JavaScript.
const migrations: ReadonlyArray<readonly [string, Migration]> = [
  ['20261127160000_ledger_index', ledgerIndex],
  ['20261127160100_service_tables', serviceTables],
  ['20261127170000_declarations_incidents', declarationsIncidents],
  ['20261127171000_trace_indexes', traceIndexes],
  ['20261127213000_web_sessions', webSessions],
  ['20261202150000_index_quarantine', indexQuarantine],
  ['20261202160000_enterprise_rules', enterpriseRules],
  ['20261202170000_supervision', supervision],
  ['20261202180000_index_binding', indexBinding],
  ['20261203000000_narrow_index', narrowIndex],
  ['20261203120000_capture_parts', captureParts],
  ['20261204000000_index_seal', indexSeal],
  ['20261205000000_seal_lanes_once', sealLanesOnce],
];

/** Knex migration source over the list above; names are timestamped and never change once merged. */
export const migrationSource: Knex.MigrationSource<readonly [string, Migration]> = {
  getMigrations: () => Promise.resolve([...migrations]),
  getMigrationName: ([name]) => name,
  getMigration: ([, migration]) => Promise.resolve(migration),
};

/** Tables derived from the ledger: an index rebuild truncates exactly these. */
export const INDEX_TABLES = [
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
  'index_seal',
  'index_digest_delta',
  'ledger_checkpoint',
] as const;
