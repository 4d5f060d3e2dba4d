import type { Knex } from 'knex';
import type { TraceLedger } from '../ledger/trace-ledger';
import { derivedTables } from './derived-tables';
import { indexDrift, type DriftReport } from './index-digest';
import type { IndexSeal, SealCheck, Sums } from './index-seal';
import type { Projections } from './projections';

/** What `GET /ledger/verify` reports about the index: the drift report, how it was reached, and the seal. */
export type IndexCheckReport = DriftReport & {
  /** `sealed`: the seal held against one scan of every table; `compared`: rebuilt from the ledger and compared row by row. */
  readonly method: 'sealed' | 'compared';
  readonly seal: {
    readonly ok: boolean;
    readonly origin?: string;
    /** Why the seal did not hold (then the index was compared in full). */
    readonly reason?: string;
    /** True when a full comparison that found nothing sealed the index again. */
    readonly resealed?: boolean;
  };
};

function sealedReport(check: SealCheck): IndexCheckReport {
  const rows = (table: string): number => Number(check.scanned[table]?.n ?? 0);
  return {
    ok: true,
    method: 'sealed',
    seal: { ok: true, ...(check.origin ? { origin: check.origin } : {}) },
    checkedEvents: rows('events'),
    checkedIdentifiers: rows('identifiers'),
    drift: [],
    checkpoint: check.checkpoint,
    tables: derivedTables().map((table) => ({
      table,
      rows: rows(table),
      expectedRows: Number(check.sealed?.[table]?.n ?? 0),
      missing: 0,
      extra: 0,
      altered: 0,
      keys: [],
    })),
  };
}

type CheckDeps = { knex: Knex; ledger: TraceLedger; indexSeal?: IndexSeal; projections?: Projections; clock: () => Date };

function sealPart(seal: IndexSeal | undefined, fast: SealCheck | undefined, resealed: boolean | undefined): IndexCheckReport['seal'] {
  const reason = fast?.reason ?? (seal ? undefined : 'the service keeps no index seal');
  return {
    ok: fast?.ok ?? false,
    ...(fast?.origin ? { origin: fast.origin } : {}),
    ...(reason ? { reason } : {}),
    ...(resealed !== undefined ? { resealed } : {}),
  };
}

// The full comparison; with a seal, the rows compared are scanned in the comparison's snapshot and,
// when nothing differs and the seal did not hold, sealed.
async function compared(deps: CheckDeps, fast: SealCheck | undefined): Promise<IndexCheckReport> {
  const seal = deps.indexSeal;
  const snapshot: { sums?: Sums } = {};
  const scan = async (trx: Knex.Transaction): Promise<void> => {
    if (!seal) return;
    await seal.begin(trx);
    snapshot.sums = await seal.scan(trx);
  };
  const full = await indexDrift(deps, scan);
  const { sums } = snapshot;
  const resealed =
    seal && sums && full.ok && full.checkpoint && !fast?.ok ? await seal.reseal(deps.knex, full.checkpoint, sums, deps.clock()) : undefined;
  return { ...full, method: 'compared', seal: sealPart(seal, fast, resealed) };
}

/**
 * The index against the ledger at the fast depth: when the index seal holds (one scan of each derived
 * table), that is the answer; otherwise, or with `full`, the index is rebuilt from the ledger into a
 * scratch schema and compared row by row, and an index found equal is sealed again.
 */
export async function checkIndex(deps: CheckDeps, opts: { full?: boolean } = {}): Promise<IndexCheckReport> {
  const fast = deps.indexSeal ? await deps.indexSeal.check(deps.knex) : undefined;
  if (fast?.ok && !opts.full) return sealedReport(fast);
  return compared(deps, fast);
}
