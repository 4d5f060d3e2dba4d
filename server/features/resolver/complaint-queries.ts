import type { Knex } from 'knex';
import type { ComplaintRow } from '../../db/rows/complaints';

/** A consumer complaint as stored. */
export type { ComplaintRow };

/** Stores one complaint. */
export async function insertComplaint(knex: Knex, row: ComplaintRow): Promise<void> {
  await knex('complaints').insert(row);
}

/** Complaints, newest first; only those of `owner` when given. */
export async function listComplaints(knex: Knex, owner: string | undefined, limit: number, offset: number): Promise<ComplaintRow[]> {
  const query = knex('complaints').select('id', 'subject_id', 'owner', 'message', 'contact', 'created_at');
  if (owner !== undefined) query.where({ owner });
  return query
    .orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id' }])
    .limit(limit)
    .offset(offset);
}

/** The enterprise that owns an identifier in the index, if it was recorded. */
export async function identifierOwner(knex: Knex, id: string): Promise<string | undefined> {
  // Rows with no owner (such as an id the index knows only by reference) say nothing about who owns it.
  const row = await knex('identifiers')
    .where((q) => {
      void q.where({ id }).orWhere({ lot_id: id });
    })
    .whereNotNull('owner')
    .first<{ owner: string | null } | undefined>('owner');
  return row?.owner ?? undefined;
}
