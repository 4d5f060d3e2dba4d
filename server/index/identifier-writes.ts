import type { Knex } from 'knex';
import { parseIdentifier, productOf } from '../../chaincode/src/core/identifiers';
import type { ObjectState } from '../../chaincode/src/core/model';
import { insertNewKeyed, orderedJson, recordset, type Column } from './bulk';

const IDENTIFIER_COLUMNS: Column[] = [
  ['id', 'text'],
  ['kind', 'text'],
  ['product', 'text'],
  ['lot_id', 'text'],
  ['owner', 'text'],
  ['custodian', 'text'],
  ['last_disposition', 'text'],
  ['recalled', 'boolean'],
  ['recall_ids', 'jsonb'],
  ['first_event_id', 'text'],
  ['last_event_id', 'text'],
  ['updated_block', 'bigint'],
];

// The columns an object's new state may change; `updated_block` follows them.
const STATE_COLUMNS = IDENTIFIER_COLUMNS.filter(([n]) => n !== 'id' && n !== 'updated_block').map(([n]) => n);

function identifierRow(o: ObjectState, block: number): Record<string, unknown> {
  let kind = 'opaque';
  let product: string | undefined;
  try {
    const parsed = parseIdentifier(o.id);
    kind = parsed.kind;
    product = productOf(parsed);
  } catch {
    // Stored ids were canonicalised by the rules; an unparsable one stays opaque.
  }
  return {
    id: o.id,
    kind,
    product: product ?? null,
    lot_id: o.lot ?? null,
    owner: o.owner ?? null,
    custodian: o.custodian ?? null,
    last_disposition: o.lastDisposition ?? null,
    recalled: o.recalled,
    recall_ids: o.recallIds,
    first_event_id: o.firstEventID || null,
    last_event_id: o.lastEventID || null,
    updated_block: block,
  };
}

/**
 * Writes the objects' new states in one statement (call `lockSurrogateKeys` first): new identifiers
 * get surrogate keys on from the highest one, by their position among `objects` (an object already
 * indexed leaves its number unused, the same in every replay); known ones are updated only where a
 * state column changes, so a replayed or unchanged object leaves its row as it is.
 */
export async function writeObjects(trx: Knex.Transaction, objects: readonly ObjectState[], block: number): Promise<void> {
  if (objects.length === 0) return;
  const names = IDENTIFIER_COLUMNS.map(([n]) => `"${n}"`).join(', ');
  const sets = [...STATE_COLUMNS, 'updated_block'].map((n) => `"${n}" = excluded."${n}"`).join(', ');
  const mine = STATE_COLUMNS.map((n) => `identifiers."${n}"`).join(', ');
  const theirs = STATE_COLUMNS.map((n) => `excluded."${n}"`).join(', ');
  await trx.raw(
    `INSERT INTO identifiers (seq, ${names})
     SELECT (SELECT coalesce(max(seq), 0) FROM identifiers) + row_number() OVER (ORDER BY x.ord), ${names} FROM ${recordset(IDENTIFIER_COLUMNS, true)}
     ON CONFLICT (id) DO UPDATE SET ${sets}
     WHERE identifiers.updated_block <= excluded.updated_block AND (${mine}) IS DISTINCT FROM (${theirs})`,
    [orderedJson(objects.map((o) => identifierRow(o, block)))],
  );
}

/**
 * Gives every id the child tables are about to reference an `identifiers` row (and so a surrogate
 * key). The rules name every identifier of an event among its objects (`written`), so this is
 * almost always a no-op; an id known only by reference (a lot derived from an item's id) gets a row
 * with no state, which reads like no row at all (no owner, custodian or lot; not recalled).
 */
export async function ensureIdentifiers(
  trx: Knex.Transaction,
  ids: ReadonlySet<string>,
  written: readonly ObjectState[],
  block: number,
): Promise<void> {
  const known = new Set(written.map((o) => o.id));
  const bare = [...ids]
    .filter((id) => !known.has(id))
    .sort()
    .map((id) => identifierRow({ id, recalled: false, recallIds: [], firstEventID: '', lastEventID: '' }, block));
  await insertNewKeyed(trx, 'identifiers', 'id', IDENTIFIER_COLUMNS, bare);
}
