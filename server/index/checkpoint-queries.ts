import type { Knex } from 'knex';
import type { Checkpoint } from '../ledger/trace-ledger';

const NAME = 'ledger-events';

/** The first ledger position the index has not processed yet (0/0 for an empty index). */
export async function readCheckpoint(knex: Knex | Knex.Transaction): Promise<Checkpoint> {
  const row = await knex('ledger_checkpoint').where({ name: NAME }).first<{ block_number: string; tx_index: number } | undefined>();
  return row ? { blockNumber: Number(row.block_number), txIndex: row.tx_index } : { blockNumber: 0, txIndex: 0 };
}

/** Moves the checkpoint; call inside the transaction that wrote the rows. */
export async function writeCheckpoint(trx: Knex.Transaction, next: Checkpoint, now: Date): Promise<void> {
  await trx('ledger_checkpoint')
    .insert({ name: NAME, block_number: next.blockNumber, tx_index: next.txIndex, updated_at: now })
    .onConflict('name')
    .merge();
}
