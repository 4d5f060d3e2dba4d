import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { stableStringify } from '../../chaincode/src/core/json';
import type { TraceLedger } from '../ledger/trace-ledger';

const DIGEST_ORDER: Readonly<Record<string, string>> = {
  enterprises: 'id',
  events: 'event_id',
  event_epcs: 'event_id, role, epc',
  identifiers: 'id',
  lineage_edges: 'from_id, to_id, type, event_id',
  custody: 'event_id, node_id, direction, type, party',
  recalls: 'id',
  recall_lots: 'recall_id, lot_id',
};

/** SHA-256 of every derived table's rows in key order (the checkpoint's timestamp excluded). */
export async function tableDigests(knex: Knex, extra: Readonly<Record<string, string>> = {}): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [table, order] of Object.entries({ ...DIGEST_ORDER, ...extra })) {
    const h = crypto.createHash('sha256');
    const rows = await knex.raw<{ rows: Array<{ j: string }> }>(`select row_to_json(t)::text as j from "${table}" t order by ${order}`);
    for (const r of rows.rows) h.update(r.j).update('\n');
    out[table] = h.digest('hex');
  }
  return out;
}

export interface DriftReport {
  readonly ok: boolean;
  readonly checkedEvents: number;
  readonly checkedIdentifiers: number;
  readonly drift: ReadonlyArray<{ table: string; id: string; reason: string }>;
}

const PAGE = 1000;
const MAX_REPORTED = 20;

async function eventDrift(knex: Knex, ledger: TraceLedger, drift: DriftReport['drift'][number][]): Promise<number> {
  let checked = 0;
  for (let last = ''; ; ) {
    const rows = await knex('events').select('event_id', 'doc', 'tx_id', 'recorder').where('event_id', '>', last).orderBy('event_id').limit(PAGE);
    for (const row of rows as Array<{ event_id: string; doc: unknown; tx_id: string; recorder: string }>) {
      const rec = await ledger.getEvent(row.event_id);
      const same = rec && rec.txId === row.tx_id && rec.recorder === row.recorder && stableStringify(rec.event) === stableStringify(row.doc);
      if (!same && drift.length < MAX_REPORTED) drift.push({ table: 'events', id: row.event_id, reason: rec ? 'row differs from the ledger record' : 'not on the ledger' });
      checked++;
    }
    if (rows.length < PAGE) return checked;
    last = (rows[rows.length - 1] as { event_id: string }).event_id;
  }
}

type IdentifierRow = { id: string; owner: string | null; custodian: string | null; recalled: boolean; last_event_id: string | null };

function sameIdentifier(obj: Awaited<ReturnType<TraceLedger['getObject']>>, row: IdentifierRow): boolean {
  if (!obj) return false;
  return (obj.owner ?? null) === row.owner && (obj.custodian ?? null) === row.custodian && obj.recalled === row.recalled && (obj.lastEventID || null) === row.last_event_id;
}

async function identifierDrift(knex: Knex, ledger: TraceLedger, drift: DriftReport['drift'][number][]): Promise<number> {
  let checked = 0;
  for (let last = ''; ; ) {
    const rows = (await knex('identifiers').select('id', 'owner', 'custodian', 'recalled', 'last_event_id').where('id', '>', last).orderBy('id').limit(PAGE)) as IdentifierRow[];
    for (const row of rows) {
      const obj = await ledger.getObject(row.id);
      if (!sameIdentifier(obj, row) && drift.length < MAX_REPORTED) drift.push({ table: 'identifiers', id: row.id, reason: obj ? 'row differs from ledger state' : 'not on the ledger' });
      checked++;
    }
    if (rows.length < PAGE) return checked;
    last = rows[rows.length - 1]?.id ?? '';
  }
}

/** Compares every indexed event and identifier with the ledger's own records. */
export async function indexDrift(deps: { knex: Knex; ledger: TraceLedger }): Promise<DriftReport> {
  const drift: Array<{ table: string; id: string; reason: string }> = [];
  const checkedEvents = await eventDrift(deps.knex, deps.ledger, drift);
  const checkedIdentifiers = await identifierDrift(deps.knex, deps.ledger, drift);
  return { ok: drift.length === 0, checkedEvents, checkedIdentifiers, drift };
}
