import type { LedgerState } from './state';

/**
 * The version of the rules in this package. A ledger that re-executes its history (the embedded
 * one) re-executes each transaction under the version it was written with, from
 * `OLDEST_REEXECUTED_RULES` on; bump it when a rule changes what a transaction writes, and keep the
 * older behaviour behind `rulesOf(state) < version` where it differs.
 *
 * - 2: rules between enterprises (holders, shipments, lineage edges on the ledger).
 * - 3: no per-identifier history keys (`hist`): the index keeps each identifier's history, and on
 *   Fabric every key written is a round trip from the chaincode to the peer.
 */
export const RULES_VERSION = 3;

/** The oldest version this build re-executes; older transactions are applied from their write sets. */
export const OLDEST_REEXECUTED_RULES = 2;

/** The version the transaction runs under. */
export function rulesOf(state: Pick<LedgerState, 'rules'>): number {
  return state.rules ?? RULES_VERSION;
}
