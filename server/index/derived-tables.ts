import { INDEX_TABLES } from '../db/migrations';

/**
 * Index tables that an index rebuild empties but that are the indexer's own bookkeeping, not state
 * the ledger implies: where it has got to, what it set aside, which ledger it follows, and its seal.
 * Verification does not compare them.
 */
export const INDEXER_BOOKKEEPING: ReadonlySet<string> = new Set([
  'ledger_checkpoint',
  'index_quarantine',
  'index_binding',
  'index_seal',
  'index_digest_delta',
]);

/**
 * Every table whose rows the projections derive from ledger events: the rebuild list (INDEX_TABLES)
 * less the bookkeeping. A derived table added to INDEX_TABLES is verified with no further change.
 */
export function derivedTables(): string[] {
  return INDEX_TABLES.filter((t) => !INDEXER_BOOKKEEPING.has(t));
}
