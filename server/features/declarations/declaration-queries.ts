import type { Knex } from 'knex';
import type { DeclarationRecord, DeclarationVersion, SupervisionRecord } from '../../../chaincode/src/core/declarations';
import type { DeclarationIndexRow } from '../../db/rows/declarations';
import type { EnterpriseRow } from '../../db/rows/enterprises';
import type { DeclarationQuery } from './declaration-schemas';

/** A declaration's record and block, with its enterprise's name when the enterprise is indexed (a left join). */
type ListedRow = Pick<DeclarationIndexRow, 'record' | 'block_number'> & { enterprise_name: EnterpriseRow['name'] | null };

export interface DeclarationRow {
  readonly record: DeclarationRecord;
  readonly blockNumber: number;
  readonly enterpriseName?: string;
}

export interface VersionRow {
  readonly record: DeclarationVersion;
  readonly blockNumber: number;
}

function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function toRow(r: ListedRow): DeclarationRow {
  return { record: r.record, blockNumber: Number(r.block_number), ...(r.enterprise_name ? { enterpriseName: r.enterprise_name } : {}) };
}

/** Declarations matching the filters, newest change first; GTIN matches the current version's products. */
export async function listDeclarations(knex: Knex, q: DeclarationQuery): Promise<DeclarationRow[]> {
  const query = knex('declarations as d')
    .leftJoin('enterprises as e', 'e.id', 'd.enterprise_id')
    .select<ListedRow[]>('d.record', 'd.block_number', 'e.name as enterprise_name');
  if (q.gtin)
    query.whereExists(
      knex('declaration_products as p')
        .whereRaw('p.declaration_id = d.id and p.version = d.current_version')
        .where('p.gtin', q.gtin.padStart(14, '0')),
    );
  if (q.enterprise) query.where('d.enterprise_id', q.enterprise);
  if (q.standard) query.where('d.standard_number', q.standard);
  if (q.status) query.where('d.status', q.status);
  if (q.q) query.whereRaw(`d.search_text like ? escape '\\'`, [likePattern(q.q)]);
  const rows = await query
    .orderBy([{ column: 'd.updated_at', order: 'desc' }, { column: 'd.id' }])
    .limit(q.limit)
    .offset(q.offset);
  return rows.map(toRow);
}

/** One declaration, or undefined. */
export async function findDeclaration(knex: Knex, id: string): Promise<DeclarationRow | undefined> {
  const row = await knex('declarations as d')
    .leftJoin('enterprises as e', 'e.id', 'd.enterprise_id')
    .where('d.id', id)
    .first<ListedRow | undefined>('d.record', 'd.block_number', 'e.name as enterprise_name');
  return row ? toRow(row) : undefined;
}

/** Every version of a declaration, oldest first, with the block that carried it. */
export async function listVersions(knex: Knex, id: string): Promise<VersionRow[]> {
  const rows = await knex('declaration_versions').select('record', 'block_number').where({ declaration_id: id }).orderBy('version');
  return rows.map((r) => ({ record: r.record, blockNumber: Number(r.block_number) }));
}

/** Supervision results of a declaration, oldest first. */
export async function listSupervision(knex: Knex, id: string): Promise<Array<SupervisionRecord & { blockNumber: number }>> {
  const rows = await knex('declaration_supervision')
    .select('record', 'block_number')
    .where({ declaration_id: id })
    .orderBy([{ column: 'recorded_at' }, { column: 'tx_id' }]);
  return rows.map((r) => ({ ...r.record, blockNumber: Number(r.block_number) }));
}
