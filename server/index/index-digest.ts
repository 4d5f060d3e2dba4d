import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { Checkpoint, TraceLedger } from '../ledger/trace-ledger';
import { ALL_PROJECTIONS } from './all-projections';
import { readCheckpoint } from './checkpoint-queries';
import { derivedTables } from './derived-tables';
import { diffTable, keyColumns, type DiffKind, type TableDiff } from './index-diff';
import { assertIndexNotAhead } from './index-status';
import type { Projections } from './projections';
import { before, ScratchIndex, type Unprojectable } from './scratch-index';

/**
 * SHA-256 of every derived table's rows in primary-key order (the checkpoint and quarantine excluded).
 * `extra` adds tables by name with the order to read them in.
 */
export async function tableDigests(knex: Knex, extra: Readonly<Record<string, string>> = {}): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const tables = Object.fromEntries(derivedTables().map((t) => [t, '']));
  for (const [table, given] of Object.entries({ ...tables, ...extra })) {
    const order = given || (await keyColumns(knex, `"${table}"`)).map((c) => `"${c}"`).join(', ');
    const h = crypto.createHash('sha256');
    const rows = await knex.raw<{ rows: Array<{ j: string }> }>(`select row_to_json(t)::text as j from "${table}" t order by ${order}`);
    for (const r of rows.rows) h.update(r.j).update('\n');
    out[table] = h.digest('hex');
  }
  return out;
}

/** What `GET /ledger/verify` says about the index: every derived table against the rows the ledger implies. */
export interface DriftReport {
  readonly ok: boolean;
  /** Rows of `events` compared. */
  readonly checkedEvents: number;
  /** Rows of `identifiers` compared. */
  readonly checkedIdentifiers: number;
  /** The first few rows that differ, per table and kind: `id` is the row's key. */
  readonly drift: ReadonlyArray<{ table: string; id: string; reason: string; key?: Readonly<Record<string, unknown>> }>;
  /** The ledger position the index was compared at (its checkpoint). */
  readonly checkpoint?: Checkpoint;
  /** Every derived table compared, with its counts of missing, extra and altered rows. */
  readonly tables?: readonly TableDiff[];
  /** Ledger events whose rows cannot be written: the index must have quarantined exactly these. */
  readonly unprojectable?: readonly Unprojectable[];
  /** Why the comparison could not be made, when it could not. */
  readonly error?: string;
}

const SAMPLE_KEYS = 5;

const REASONS: Readonly<Record<DiffKind, string>> = {
  missing: 'missing from the index: the ledger implies this row',
  extra: 'not implied by the ledger',
  altered: 'differs from the row the ledger implies',
};

function keyText(key: Readonly<Record<string, unknown>>): string {
  const entries = Object.entries(key);
  const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
  return entries.length === 1 ? text(entries[0]?.[1]) : entries.map(([k, v]) => `${k}=${text(v)}`).join(', ');
}

type Drift = DriftReport['drift'][number];

const position = (p: { readonly blockNumber: number | string; readonly txIndex: number }): string =>
  `block ${Number(p.blockNumber)} transaction ${p.txIndex}`;

// The live indexer sets aside (in index_quarantine, when it has one) the events whose rows cannot be written.
async function quarantineDrift(trx: Knex.Transaction, live: string, unprojectable: readonly Unprojectable[]): Promise<Drift[]> {
  const exists = (await trx.raw<{ rows: Array<{ t: string | null }> }>('select to_regclass(?) as t', [`"${live}"."index_quarantine"`]))
    .rows[0]?.t;
  const rows = exists
    ? (
        await trx.raw<{ rows: Array<{ b: number | string; i: number }> }>(
          `select block_number as b, tx_index as i from "${live}"."index_quarantine"`,
        )
      ).rows
    : [];
  const quarantined = new Set(rows.map((r) => position({ blockNumber: r.b, txIndex: r.i })));
  const expected = new Set(unprojectable.map(position));
  return [
    ...unprojectable
      .filter((u) => !quarantined.has(position(u)))
      .map((u) => ({
        table: 'index_quarantine',
        id: position(u),
        reason: `missing from the index: this ledger event (${u.name}) cannot be projected (${u.error}) and is not quarantined`,
      })),
    ...[...quarantined]
      .filter((q) => !expected.has(q))
      .map((q) => ({
        table: 'index_quarantine',
        id: q,
        reason: 'not implied by the ledger: this event projects cleanly, yet the index quarantined it',
      })),
  ];
}

function report(
  checkpoint: Checkpoint,
  tables: readonly TableDiff[],
  quarantine: readonly Drift[],
  unprojectable: readonly Unprojectable[],
): DriftReport {
  const rowDrift = tables.flatMap((t) => t.keys.map(({ kind, key }) => ({ table: t.table, id: keyText(key), reason: REASONS[kind], key })));
  const drift = [...rowDrift, ...quarantine.slice(0, SAMPLE_KEYS)];
  const rows = (name: string): number => tables.find((t) => t.table === name)?.rows ?? 0;
  return {
    ok: drift.length === 0,
    checkedEvents: rows('events'),
    checkedIdentifiers: rows('identifiers'),
    drift,
    checkpoint,
    tables,
    unprojectable,
  };
}

function failed(checkpoint: Checkpoint | undefined, table: string, id: string, reason: string): DriftReport {
  return {
    ok: false,
    checkedEvents: 0,
    checkedIdentifiers: 0,
    drift: [{ table, id, reason }],
    ...(checkpoint ? { checkpoint } : {}),
    error: `${id}: ${reason}`,
  };
}

type InSnapshot = (trx: Knex.Transaction) => Promise<void>;

async function compareAt(knex: Knex, scratch: ScratchIndex, tables: readonly string[], inSnapshot?: InSnapshot): Promise<DriftReport> {
  await scratch.catchUp(knex, await readCheckpoint(knex));
  // One snapshot for the live rows and their checkpoint: the indexer commits both together.
  return knex.transaction(async (trx) => {
    await trx.raw('set transaction isolation level repeatable read');
    const checkpoint = await readCheckpoint(trx);
    if (before(checkpoint, scratch.position))
      return failed(
        checkpoint,
        'ledger_checkpoint',
        'checkpoint',
        'the index went back while it was being verified (rebuilt?); verify again',
      );
    await scratch.catchUpIn(trx, checkpoint);
    const diffs: TableDiff[] = [];
    for (const t of tables) diffs.push(await diffTable(trx, t, `"${scratch.schema}"."${t}"`, `"${scratch.live}"."${t}"`, SAMPLE_KEYS));
    await inSnapshot?.(trx);
    return report(checkpoint, diffs, await quarantineDrift(trx, scratch.live, scratch.unprojectable), scratch.unprojectable);
  });
}

/**
 * Rebuilds the index the ledger implies into a scratch schema (the same projections, up to the live
 * checkpoint) and compares every derived table with the live one, row by row and column by column.
 * Deleted, added and altered rows are named by table and key.
 */
export async function indexDrift(
  deps: { knex: Knex; ledger: TraceLedger; projections?: Projections },
  /** Called in the comparison's snapshot, after the tables were compared. */
  inSnapshot?: InSnapshot,
): Promise<DriftReport> {
  const { knex, ledger } = deps;
  const checkpoint = await readCheckpoint(knex);
  const { height } = await ledger.info();
  try {
    assertIndexNotAhead(checkpoint, height);
  } catch (err) {
    return failed(checkpoint, 'ledger_checkpoint', `block ${checkpoint.blockNumber}`, (err as Error).message);
  }
  const tables = derivedTables();
  const scratch = await ScratchIndex.create(knex, { ledger, projections: deps.projections ?? ALL_PROJECTIONS, tables });
  try {
    return await compareAt(knex, scratch, tables, inSnapshot);
  } finally {
    await scratch.drop(knex);
  }
}
