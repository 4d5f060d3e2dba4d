import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { BLOCK_END, type Checkpoint, type LedgerEvent, type TraceLedger } from '../ledger/trace-ledger';
import { project, type Projections } from './projections';

const BATCH_EVENTS = 256;

/** True when ledger position `a` comes before `b`. */
export function before(a: Checkpoint, b: Checkpoint): boolean {
  return a.blockNumber < b.blockNumber || (a.blockNumber === b.blockNumber && a.txIndex < b.txIndex);
}

function after(event: LedgerEvent): Checkpoint {
  return event.name === BLOCK_END
    ? { blockNumber: event.blockNumber + 1, txIndex: 0 }
    : { blockNumber: event.blockNumber, txIndex: event.txIndex + 1 };
}

/** The ledger's events from `from` up to (not including) `to`; never waits for blocks past `to`. */
async function* eventsBetween(ledger: Pick<TraceLedger, 'events'>, from: Checkpoint, to: Checkpoint): AsyncGenerator<LedgerEvent> {
  if (!before(from, to)) return;
  const reading = new AbortController();
  try {
    for await (const event of ledger.events(from, reading.signal)) {
      if (!before({ blockNumber: event.blockNumber, txIndex: event.txIndex }, to)) return;
      yield event;
      if (!before(after(event), to)) return;
    }
  } finally {
    reading.abort();
  }
}

/** A ledger event whose rows the projections cannot write (the live indexer quarantines such events). */
export interface Unprojectable {
  readonly blockNumber: number;
  readonly txIndex: number;
  readonly txId: string;
  readonly name: string;
  readonly error: string;
}

type Runner = (work: (trx: Knex.Transaction) => Promise<void>) => Promise<void>;

export interface ScratchIndexOptions {
  readonly ledger: Pick<TraceLedger, 'events'>;
  readonly projections: Projections;
  /** The tables the projections may write; each is created empty, like its live counterpart. */
  readonly tables: readonly string[];
}

/**
 * The index the ledger implies, rebuilt from the ledger's events by the same projections into a
 * schema of its own beside the live one. While projecting, the search path holds only that schema,
 * so a projection that writes a table missing from `tables` fails instead of touching live rows.
 */
export class ScratchIndex {
  readonly schema: string;
  readonly live: string;
  readonly #opts: ScratchIndexOptions;
  #position: Checkpoint = { blockNumber: 0, txIndex: 0 };
  readonly #unprojectable: Unprojectable[] = [];

  private constructor(schema: string, live: string, opts: ScratchIndexOptions) {
    this.schema = schema;
    this.live = live;
    this.#opts = opts;
  }

  /** Creates the scratch schema with an empty copy (columns, defaults, keys, indexes) of each table. */
  static async create(knex: Knex, opts: ScratchIndexOptions): Promise<ScratchIndex> {
    const live = (await knex.raw<{ rows: Array<{ s: string }> }>('select current_schema() as s')).rows[0]?.s ?? 'public';
    const scratch = new ScratchIndex(`index_verify_${crypto.randomBytes(6).toString('hex')}`, live, opts);
    await knex.transaction(async (trx) => {
      await trx.raw(`create schema "${scratch.schema}"`);
      for (const t of opts.tables) await trx.raw(`create table "${scratch.schema}"."${t}" (like "${live}"."${t}" including all)`);
    });
    return scratch;
  }

  get position(): Checkpoint {
    return this.#position;
  }

  /** The events so far whose projection failed; their rows are left out, as the live indexer leaves them out. */
  get unprojectable(): readonly Unprojectable[] {
    return this.#unprojectable;
  }

  /** Projects the events up to `to`, one database transaction per batch, so other work interleaves. */
  async catchUp(knex: Knex, to: Checkpoint): Promise<void> {
    const run: Runner = async (work) => {
      await knex.transaction(work);
    };
    let batch: LedgerEvent[] = [];
    for await (const event of eventsBetween(this.#opts.ledger, this.#position, to)) {
      batch.push(event);
      if (batch.length < BATCH_EVENTS) continue;
      await this.#apply(run, batch);
      batch = [];
    }
    await this.#apply(run, batch);
  }

  /** Projects the events up to `to` inside the caller's transaction (a savepoint per attempt). */
  async catchUpIn(trx: Knex.Transaction, to: Checkpoint): Promise<void> {
    const run: Runner = async (work) => {
      await trx.transaction(work);
    };
    const events: LedgerEvent[] = [];
    for await (const event of eventsBetween(this.#opts.ledger, this.#position, to)) events.push(event);
    await this.#apply(run, events);
  }

  // A batch commits whole; when it fails its events are retried one by one, so only the event at
  // fault is left out, as the live indexer does.
  async #apply(run: Runner, events: readonly LedgerEvent[]): Promise<void> {
    const [first] = events;
    const last = events[events.length - 1];
    if (!first || !last) return;
    try {
      await run((trx) => this.#project(trx, events));
    } catch (err) {
      if (events.length > 1) {
        for (const event of events) await this.#apply(run, [event]);
        return;
      }
      this.#unprojectable.push({
        blockNumber: first.blockNumber,
        txIndex: first.txIndex,
        txId: first.txId,
        name: first.name,
        error: err instanceof Error ? err.message : String(err),
      });
    }
    this.#position = after(last);
  }

  async #project(trx: Knex.Transaction, events: readonly LedgerEvent[]): Promise<void> {
    const saved = (await trx.raw<{ rows: Array<{ p: string }> }>("select current_setting('search_path') as p")).rows[0]?.p ?? '';
    await trx.raw("select set_config('search_path', ?, true)", [`"${this.schema}"`]);
    for (const event of events) {
      await project(this.#opts.projections, trx, event);
    }
    await trx.raw("select set_config('search_path', ?, true)", [saved]);
  }

  async drop(knex: Knex): Promise<void> {
    await knex.raw(`drop schema if exists "${this.schema}" cascade`);
  }
}
