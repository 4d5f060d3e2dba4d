import type { TraceLedger } from '../ledger/trace-ledger';
import type { Indexer } from './indexer';

/** How far the index has caught up with the ledger. */
export interface IndexStatus {
  readonly checkpoint: { readonly blockNumber: number; readonly txIndex: number };
  readonly ledgerHeight: number;
  readonly lagBlocks: number;
  readonly caughtUp: boolean;
  /** Ledger events set aside in `index_quarantine` because their rows could not be written (`GET /ledger/quarantine`). */
  readonly quarantined: number;
}

export async function indexStatus(deps: { ledger: Pick<TraceLedger, 'info'>; indexer: Pick<Indexer, 'position' | 'quarantined'> }): Promise<IndexStatus> {
  const { height } = await deps.ledger.info();
  const checkpoint = deps.indexer.position;
  const lagBlocks = Math.max(0, height - checkpoint.blockNumber);
  return { checkpoint, ledgerHeight: height, lagBlocks, caughtUp: lagBlocks === 0, quarantined: deps.indexer.quarantined };
}
