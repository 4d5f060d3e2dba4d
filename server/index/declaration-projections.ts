import type { Knex } from 'knex';
import type { DeclarationRecord, SupervisionRecord } from '../../chaincode/src/core/declarations';
import type { LedgerEvent } from '../ledger/trace-ledger';
import { insertRows, type Column } from './bulk';
import type { Projections } from './projections';

const VERSION_COLUMNS: Column[] = [
  ['declaration_id', 'text'],
  ['version', 'integer'],
  ['status', 'text'],
  ['record', 'jsonb'],
  ['tx_id', 'text'],
  ['block_number', 'bigint'],
  ['created_at', 'timestamptz'],
];
const PRODUCT_COLUMNS: Column[] = [
  ['declaration_id', 'text'],
  ['version', 'integer'],
  ['gtin', 'text'],
];

function searchText(d: DeclarationRecord): string {
  const current = d.versions[d.versions.length - 1];
  if (!current) return '';
  const words = [
    current.standard.number,
    current.standard.name,
    ...current.products.flatMap((p) => [p.name, p.model, p.category, p.specification ?? '', p.commonName ?? '', p.gtin]),
  ];
  return words.join(' ').toLowerCase();
}

function declarationRow(d: DeclarationRecord, at: LedgerEvent): Record<string, unknown> {
  const current = d.versions[d.versions.length - 1];
  return {
    id: d.id,
    enterprise_id: d.enterpriseId,
    status: d.status,
    current_version: d.currentVersion,
    standard_type: current?.standard.type ?? '',
    standard_number: current?.standard.number ?? '',
    search_text: searchText(d),
    record: JSON.stringify(d),
    tx_id: d.txId,
    block_number: at.blockNumber,
    tx_index: at.txIndex,
    published_at: d.publishedAt,
    updated_at: d.updatedAt,
  };
}

// Guarded by ledger position so replaying an older event never overwrites a newer row.
async function upsertDeclaration(trx: Knex.Transaction, d: DeclarationRecord, at: LedgerEvent): Promise<void> {
  const row = declarationRow(d, at);
  const updates = Object.keys(row)
    .filter((k) => k !== 'id')
    .map((k) => `"${k}" = excluded."${k}"`)
    .join(', ');
  await trx.raw(
    `INSERT INTO declarations (${Object.keys(row)
      .map((k) => `"${k}"`)
      .join(', ')}) VALUES (${Object.keys(row)
      .map(() => '?')
      .join(', ')})
     ON CONFLICT (id) DO UPDATE SET ${updates} WHERE (declarations.block_number, declarations.tx_index) < (excluded.block_number, excluded.tx_index)`,
    Object.values(row) as Knex.ValueDict[string][],
  );
}

async function declarationChanged(trx: Knex.Transaction, at: LedgerEvent, p: { declaration: DeclarationRecord }): Promise<void> {
  const d = p.declaration;
  await upsertDeclaration(trx, d, at);
  const versions = d.versions.map((v) => ({
    declaration_id: d.id,
    version: v.version,
    status: v.status,
    record: v,
    tx_id: v.txId,
    block_number: at.blockNumber,
    created_at: v.createdAt,
  }));
  // A version's content never changes; only its status moves on (active → superseded | withdrawn).
  await insertRows(
    trx,
    'declaration_versions',
    VERSION_COLUMNS,
    versions,
    "ON CONFLICT (declaration_id, version) DO UPDATE SET status = excluded.status, record = excluded.record WHERE declaration_versions.status = 'active'",
  );
  const products = d.versions.flatMap((v) => v.products.map((pr) => ({ declaration_id: d.id, version: v.version, gtin: pr.gtin })));
  await insertRows(trx, 'declaration_products', PRODUCT_COLUMNS, products, 'ON CONFLICT DO NOTHING');
}

async function supervisionRecorded(trx: Knex.Transaction, at: LedgerEvent, p: { supervision: SupervisionRecord }): Promise<void> {
  const s = p.supervision;
  await trx('declaration_supervision')
    .insert({
      tx_id: s.txId,
      declaration_id: s.declarationId,
      version: s.version,
      enterprise_id: s.enterpriseId,
      result: s.result,
      record: JSON.stringify(s),
      block_number: at.blockNumber,
      recorded_at: s.recordedAt,
    })
    .onConflict('tx_id')
    .ignore();
}

/** Projections of the declaration transactions. */
export const declarationProjections: Projections = {
  DeclarationPublished: declarationChanged,
  DeclarationRevised: declarationChanged,
  DeclarationWithdrawn: declarationChanged,
  SupervisionRecorded: supervisionRecorded,
};
