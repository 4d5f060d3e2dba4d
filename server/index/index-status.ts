import type { Checkpoint, TraceLedger } from '../ledger/trace-ledger';
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

export async function indexStatus(deps: {
  ledger: Pick<TraceLedger, 'info'>;
  indexer: Pick<Indexer, 'position' | 'quarantined'>;
}): Promise<IndexStatus> {
  const { height } = await deps.ledger.info();
  const checkpoint = deps.indexer.position;
  const lagBlocks = Math.max(0, height - checkpoint.blockNumber);
  return { checkpoint, ledgerHeight: height, lagBlocks, caughtUp: lagBlocks === 0, quarantined: deps.indexer.quarantined };
}

/**
 * The index holds ledger positions the ledger no longer has: blocks it indexed were lost or cut off.
 * Following the ledger from there would give the next write a block number the index already used,
 * and that write would never be indexed.
 */
export class IndexAheadOfLedgerError extends Error {
  constructor(
    readonly checkpoint: Checkpoint,
    readonly ledgerHeight: number,
  ) {
    super(
      `index checkpoint is at block ${checkpoint.blockNumber} (transaction ${checkpoint.txIndex}) but the ledger height is ${ledgerHeight}: ` +
        'the ledger lost blocks the index already holds. Restore the ledger folder from a backup, or accept the loss with `npm run cli -- index rebuild`',
    );
  }
}

/** @throws IndexAheadOfLedgerError when `checkpoint` points past the last block of a ledger of `ledgerHeight` blocks. */
export function assertIndexNotAhead(checkpoint: Checkpoint, ledgerHeight: number): void {
  const ahead = checkpoint.blockNumber > ledgerHeight || (checkpoint.blockNumber === ledgerHeight && checkpoint.txIndex > 0);
  if (ahead) throw new IndexAheadOfLedgerError(checkpoint, ledgerHeight);
}
