import type { Knex } from 'knex';
import type { TraceLedger } from '../ledger/trace-ledger';

const NAME = 'ledger';

/** Refused at start: the index holds rows of another ledger than the one configured. */
export class IndexOfAnotherLedgerError extends Error {
  constructor(
    readonly bound: string,
    readonly ledger: string,
  ) {
    super(
      `the index was built from ledger ${bound}, but the configured ledger is ${ledger}: point DATABASE_URL at this ledger's index, ` +
        'or give it an index of its own with `npm run cli -- index rebuild` (which empties this one)',
    );
  }
}

/**
 * A ledger's identity: its mode, where it lives (Fabric channel and chaincode) and the hash of its first
 * block, which no other ledger shares.
 */
export async function ledgerIdentity(ledger: Pick<TraceLedger, 'info' | 'blockHash'>, chaincode?: string): Promise<string> {
  const info = await ledger.info();
  const genesis = (await ledger.blockHash?.(0)) ?? 'unknown-genesis';
  return [info.mode, info.channel, chaincode, genesis].filter((part) => part !== undefined).join(':');
}

/**
 * Binds an index to `ledgerId` the first time (also an index built before bindings were recorded),
 * and afterwards refuses any other ledger.
 * @throws IndexOfAnotherLedgerError naming both ledgers
 */
export async function bindIndex(knex: Knex, ledgerId: string, now: Date): Promise<void> {
  const row = await knex('index_binding').where({ name: NAME }).first<{ ledger_id: string } | undefined>();
  if (row) {
    if (row.ledger_id !== ledgerId) throw new IndexOfAnotherLedgerError(row.ledger_id, ledgerId);
    return;
  }
  await knex('index_binding').insert({ name: NAME, ledger_id: ledgerId, bound_at: now }).onConflict('name').ignore();
}
