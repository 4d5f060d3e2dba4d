import type { Indexer } from './indexer';

/** Whether a write is in the index yet; `indexStatus` says why not (still on its way, or quarantined). */
export type IndexAnswer = { readonly indexed: true } | { readonly indexed: false; readonly indexStatus: 'pending' | 'quarantined' };

/** Waits up to `timeoutMs` for the index to have transaction `receipt.txId`, and says how that ended. */
export async function awaitIndex(
  indexer: Pick<Indexer, 'waitForTxOutcome'>,
  receipt: { readonly txId: string; readonly blockNumber: number },
  timeoutMs: number,
): Promise<IndexAnswer> {
  const outcome = await indexer.waitForTxOutcome(receipt.txId, receipt.blockNumber, timeoutMs);
  if (outcome === 'indexed') return { indexed: true };
  return { indexed: false, indexStatus: outcome === 'quarantined' ? 'quarantined' : 'pending' };
}
