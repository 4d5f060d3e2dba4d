import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { Checkpoint } from '../ledger/trace-ledger';
import { readCheckpoint } from './checkpoint-queries';
import { derivedTables } from './derived-tables';

/** Per derived table: rows, and the two sums of their keyed 64-bit hash lanes (decimal strings). */
export type Sums = Readonly<Record<string, { readonly n: string; readonly h1: string; readonly h2: string }>>;

const NAME = 'index';
const KEY_FILE = 'index-seal.key';

// A row's text depends on these settings (timestamps, floats, bytes), so every session that hashes
// rows (the triggers under the indexer, the scans under verify) pins them to the same values.
const ROW_TEXT_SETTINGS: Readonly<Record<string, string>> = {
  TimeZone: 'UTC',
  DateStyle: 'ISO, YMD',
  IntervalStyle: 'postgres',
  extra_float_digits: '1',
  bytea_output: 'hex',
};

interface SealRow {
  readonly state: string;
  readonly sums: Sums | null;
  readonly block_number: string | number | null;
  readonly tx_index: number | null;
  readonly mac: string | null;
  readonly origin: string | null;
}

/** What the fast index check found. `reason` says why it is not ok. */
export interface SealCheck {
  readonly ok: boolean;
  readonly checkpoint: Checkpoint;
  readonly origin?: string;
  readonly reason?: string;
  readonly scanned: Sums;
  readonly sealed?: Sums;
}

const same = (a: Checkpoint, b: Checkpoint): boolean => a.blockNumber === b.blockNumber && a.txIndex === b.txIndex;

/** Drops all-zero entries and orders by table, so equal contents give equal JSON. */
function canonical(sums: Sums): Sums {
  const out: Record<string, Sums[string]> = {};
  for (const table of Object.keys(sums).sort()) {
    const s = sums[table];
    if (s && (s.n !== '0' || s.h1 !== '0' || s.h2 !== '0')) out[table] = { n: s.n, h1: s.h1, h2: s.h2 };
  }
  return out;
}

function add(base: Sums, delta: Sums): Sums {
  const out: Record<string, Sums[string]> = { ...base };
  for (const [table, d] of Object.entries(delta)) {
    const b = out[table] ?? { n: '0', h1: '0', h2: '0' };
    out[table] = {
      n: (BigInt(b.n) + BigInt(d.n)).toString(),
      h1: (BigInt(b.h1) + BigInt(d.h1)).toString(),
      h2: (BigInt(b.h2) + BigInt(d.h2)).toString(),
    };
  }
  return canonical(out);
}

/** Tables whose sums differ between two seals' worth of sums. */
function differing(a: Sums, b: Sums): string[] {
  const ca = canonical(a);
  const cb = canonical(b);
  return [...new Set([...Object.keys(ca), ...Object.keys(cb)])].filter((t) => JSON.stringify(ca[t]) !== JSON.stringify(cb[t])).sort();
}

/**
 * The index seal (migration 20261204000000_index_seal): the indexer keeps, per derived table, the
 * row count and the sums of keyed row hashes of everything it wrote, under an HMAC whose key stays in
 * the service's data folder. Verification then scans each table once and compares with the seal,
 * instead of rebuilding the index from the ledger: rows deleted, added or altered by any writer but
 * the indexer (without the key) change the sums, and writes from outside the indexer also leave
 * their trace in `index_digest_delta`.
 *
 * What it does not prove: that the indexer's projections are right. That is what the full
 * comparison (a rebuild from the ledger into a scratch schema) proves; it runs when the seal does not
 * hold, and then seals the index again if the comparison finds nothing.
 */
export class IndexSeal {
  readonly #key: Buffer;
  // The key the triggers and scans hash rows with; derived, so the file's key itself never goes to the database.
  readonly #rowKey: string;

  constructor(key: Buffer) {
    if (key.length < 32) throw new Error('an index seal key has at least 32 bytes');
    this.#key = key;
    this.#rowKey = crypto.createHmac('sha256', key).update('suyuan index row key v1').digest('hex');
  }

  /** The key in `dir/index-seal.key`, created (mode 0600) when there is none. */
  static load(dir: string): IndexSeal {
    const file = path.join(dir, KEY_FILE);
    fs.mkdirSync(dir, { recursive: true });
    try {
      fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    return new IndexSeal(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex'));
  }

  #mac(at: Checkpoint, sums: Sums, origin: string): string {
    const text = JSON.stringify({ v: 1, block: at.blockNumber, tx: at.txIndex, origin, sums: canonical(sums) });
    return crypto.createHmac('sha256', this.#key).update(text).digest('hex');
  }

  /** Sets the row-text settings and the row key for this transaction, with `extra` settings, in one statement. */
  async begin(trx: Knex.Transaction, extra: Readonly<Record<string, string>> = {}): Promise<void> {
    const settings = { ...ROW_TEXT_SETTINGS, ...extra, 'suyuan.seal_key': this.#rowKey };
    await trx.raw(
      `select ${Object.keys(settings)
        .map(() => 'set_config(?, ?, true)')
        .join(', ')}`,
      Object.entries(settings).flat(),
    );
  }

  async #lock(trx: Knex.Transaction): Promise<SealRow | undefined> {
    return trx('index_seal').where({ name: NAME }).forUpdate().first<SealRow | undefined>();
  }

  async #write(trx: Knex.Transaction, at: Checkpoint, sums: Sums | undefined, origin: string, now: Date): Promise<void> {
    const row = sums
      ? {
          state: 'sealed',
          sums: JSON.stringify(canonical(sums)),
          block_number: at.blockNumber,
          tx_index: at.txIndex,
          mac: this.#mac(at, sums, origin),
          origin,
          sealed_at: now,
        }
      : { state: 'unsealed', sums: null, block_number: null, tx_index: null, mac: null, origin: null, sealed_at: null };
    await trx('index_seal')
      .insert({ name: NAME, ...row })
      .onConflict('name')
      .merge();
  }

  #trusted(row: SealRow | undefined): { at: Checkpoint; sums: Sums; origin: string } | { reason: string } {
    if (!row || row.state !== 'sealed' || !row.sums || !row.mac || row.block_number === null || row.tx_index === null)
      return { reason: 'the index is not sealed yet' };
    const at = { blockNumber: Number(row.block_number), txIndex: row.tx_index };
    const origin = row.origin ?? '';
    const expected = Buffer.from(this.#mac(at, row.sums, origin), 'hex');
    const given = Buffer.from(row.mac, 'hex');
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected))
      return { reason: "the seal's HMAC does not match (altered, or sealed with another key)" };
    return { at, sums: row.sums, origin };
  }

  /**
   * The indexer's part of a commit that moves the checkpoint from `from` to `next`: folds this
   * transaction's deltas into the seal. An index whose seal is not trusted stays unsealed, except
   * one that starts from the beginning (an empty index).
   */
  async commit(trx: Knex.Transaction, from: Checkpoint, next: Checkpoint, now: Date): Promise<void> {
    const trusted = this.#trusted(await this.#lock(trx));
    const delta = await consumeDeltas(trx);
    const start = !('reason' in trusted) && same(trusted.at, from) ? trusted : undefined;
    const fresh = from.blockNumber === 0 && from.txIndex === 0 ? { sums: {}, origin: 'indexer' } : undefined;
    const base = start ?? fresh;
    await this.#write(trx, next, base ? add(base.sums, delta) : undefined, base?.origin ?? '', now);
  }

  /** Per derived table, its rows' count and lane sums, as the seal keeps them (call after `begin`). */
  async scan(trx: Knex.Transaction): Promise<Sums> {
    const out: Record<string, Sums[string]> = {};
    for (const table of derivedTables()) {
      const r = await trx.raw<{ rows: Array<{ n: string; h1: string | null; h2: string | null }> }>(
        `select count(*)::text as n, coalesce(sum(l.a), 0)::text as h1, coalesce(sum(l.b), 0)::text as h2
         from "${table}" t cross join lateral suyuan_row_lanes(current_setting('suyuan.seal_key', true), t::text) l`,
      );
      const s = r.rows[0];
      out[table] = { n: s?.n ?? '0', h1: s?.h1 ?? '0', h2: s?.h2 ?? '0' };
    }
    return canonical(out);
  }

  /** The fast index check: the seal against one scan of every derived table, in one snapshot. */
  async check(knex: Knex): Promise<SealCheck> {
    return knex.transaction(async (trx) => {
      await trx.raw('set transaction isolation level repeatable read');
      await this.begin(trx);
      const checkpoint = await readCheckpoint(trx);
      const row = await trx('index_seal').where({ name: NAME }).first<SealRow | undefined>();
      const strays = Number((await trx('index_digest_delta').count<Array<{ n: string }>>({ n: '*' }))[0]?.n ?? 0);
      const scanned = await this.scan(trx);
      const trusted = this.#trusted(row);
      const result = (reason?: string, extra: Partial<SealCheck> = {}): SealCheck => ({
        ok: !reason,
        checkpoint,
        scanned,
        ...extra,
        ...(reason ? { reason } : {}),
      });
      if ('reason' in trusted) return result(trusted.reason);
      const meta = { origin: trusted.origin, sealed: trusted.sums };
      if (strays > 0) return result(`${strays} write(s) to derived tables came from outside the indexer`, meta);
      if (!same(trusted.at, checkpoint)) return result("the seal was made at another checkpoint than the index's", meta);
      const tables = differing(scanned, trusted.sums);
      return result(tables.length > 0 ? `rows differ from the seal in ${tables.join(', ')}` : undefined, meta);
    });
  }

  /**
   * Seals the index after a full comparison found it equal to the ledger at `at`, when its rows are
   * still those compared (`compared`, scanned in the comparison's snapshot). Writes from outside the
   * indexer recorded so far are cleared. False when the index has moved or changed since.
   */
  async reseal(knex: Knex, at: Checkpoint, compared: Sums, now: Date): Promise<boolean> {
    return knex.transaction(async (trx) => {
      await this.begin(trx);
      await this.#lock(trx);
      if (!same(await readCheckpoint(trx), at) || differing(await this.scan(trx), compared).length > 0) return false;
      await trx('index_digest_delta').del();
      await this.#write(trx, at, compared, 'verified', now);
      return true;
    });
  }
}

/**
 * Switches the seal's triggers on or off (INDEX_SEAL), only where they are not as asked. Switched
 * off, the index is left unsealed: switched on again, its first verification compares it with the
 * ledger and seals it.
 */
export async function setSealTriggers(knex: Knex, on: boolean): Promise<void> {
  const r = await knex.raw<{ rows: Array<{ table: string; name: string }> }>(
    `select c.relname as table, g.tgname as name from pg_trigger g join pg_class c on c.oid = g.tgrelid
     where g.tgname like 'suyuan_seal_%' and c.relnamespace = current_schema()::regnamespace and (g.tgenabled = 'D') = ?`,
    [on],
  );
  if (r.rows.length === 0) return;
  await knex.transaction(async (trx) => {
    for (const { table, name } of r.rows) await trx.raw(`alter table "${table}" ${on ? 'enable' : 'disable'} trigger "${name}"`);
    if (!on) await trx('index_seal').where({ name: NAME }).update({ state: 'unsealed', sums: null, mac: null, origin: null });
  });
}

/** This transaction's deltas, summed per table, deleted as they are read. */
async function consumeDeltas(trx: Knex.Transaction): Promise<Sums> {
  const r = await trx.raw<{ rows: Array<{ tbl: string; n: string; h1: string; h2: string }> }>(
    `with d as (delete from index_digest_delta where txid = txid_current() returning tbl, n, h1, h2)
     select tbl, sum(n)::text as n, sum(h1)::text as h1, sum(h2)::text as h2 from d group by tbl`,
  );
  return Object.fromEntries(r.rows.map((x) => [x.tbl, { n: x.n, h1: x.h1, h2: x.h2 }]));
}
