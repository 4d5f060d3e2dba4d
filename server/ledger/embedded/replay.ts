import { stableStringify } from '../../../chaincode/src/core/json';
import { invoke, OLDEST_REEXECUTED_RULES, RULES_VERSION } from '../../../chaincode/src/core/transactions';
import type { Block, StoredTx } from './block';
import { TxState, type WorldState } from './world-state';

const byKey = ([a]: readonly [string, string], [b]: readonly [string, string]): number => (a < b ? -1 : a > b ? 1 : 0);

/** How a replay of the whole chain into one world state is going. */
interface ReplayProgress {
  /** Transactions written under earlier rules, applied from their stored write sets. */
  legacy: number;
  /** A transaction of the current rules was seen: no older one may follow it. */
  current: boolean;
  /** The newest rules version re-executed so far: rules never go back along the chain. */
  newest: number;
}

const progress = new WeakMap<WorldState, ReplayProgress>();

function progressOf(world: WorldState): ReplayProgress {
  let p = progress.get(world);
  if (!p) progress.set(world, (p = { legacy: 0, current: false, newest: 0 }));
  return p;
}

/** How many transactions of the chain replayed into `world` were written under earlier rules and so applied, not re-executed. */
export function legacyTransactions(world: WorldState): number {
  return progress.get(world)?.legacy ?? 0;
}

async function reexecute(tx: StoredTx, position: number, world: WorldState, overlay: Map<string, string>): Promise<string | undefined> {
  const state = new TxState({
    txId: tx.txId,
    txTime: tx.txTime,
    creator: { mspId: tx.creator.mspId, id: tx.creator.id },
    rules: tx.rules,
    read: (k) => overlay.get(k) ?? world.get(k),
    scan: (prefix) => world.scan(prefix),
  });
  let result: string;
  try {
    result = await invoke(state, tx.fn, tx.args);
  } catch (err) {
    return `transaction ${position} (${tx.txId}): its rules reject it on re-execution (${err instanceof Error ? err.message : 'unknown error'})`;
  }
  const writes = [...state.writes].sort(byKey);
  const same =
    result === tx.result &&
    stableStringify(writes) === stableStringify(tx.writes) &&
    stableStringify(state.event ?? null) === stableStringify(tx.event ?? null);
  if (!same) return `transaction ${position} (${tx.txId}): stored write set, result or event differ from re-executing its signed proposal`;
  for (const [k, v] of writes) overlay.set(k, v);
  return undefined;
}

// Transactions from before rule versions were recorded ran under rules this build no longer has:
// they are applied from their signed, hash-chained write sets, and only before any current one.
function applyLegacy(tx: StoredTx, position: number, p: ReplayProgress, overlay: Map<string, string>): string | undefined {
  if (p.current) return `transaction ${position} (${tx.txId}): carries no rules version after transactions that do`;
  p.legacy += 1;
  for (const [k, v] of tx.writes) overlay.set(k, v);
  return undefined;
}

async function replayTx(tx: StoredTx, position: number, world: WorldState, overlay: Map<string, string>): Promise<string | undefined> {
  const p = progressOf(world);
  if (tx.rules === undefined) return applyLegacy(tx, position, p, overlay);
  if (tx.rules < OLDEST_REEXECUTED_RULES || tx.rules > RULES_VERSION)
    return `transaction ${position} (${tx.txId}): written under rules version ${tx.rules}; this build re-executes versions ${OLDEST_REEXECUTED_RULES} to ${RULES_VERSION}`;
  if (tx.rules < p.newest)
    return `transaction ${position} (${tx.txId}): written under rules version ${tx.rules} after a transaction of version ${p.newest}`;
  p.newest = tx.rules;
  p.current = true;
  return reexecute(tx, position, world, overlay);
}

/**
 * Re-executes a block's signed proposals with the shared rules against the state before the block
 * and answers their writes when they reproduce exactly what the block stores (the caller applies
 * them). The signatures cover only the proposals, so this is what makes a re-hashed, altered write
 * set detectable. Transactions written before rule versions were recorded are applied from their
 * write sets instead.
 *
 * @returns what differs, or the block's writes (each key once, last write wins).
 */
export async function replayBlock(block: Block, world: WorldState): Promise<{ problem: string } | { writes: Map<string, string> }> {
  const overlay = new Map<string, string>();
  for (const [position, tx] of block.txs.entries()) {
    const problem = await replayTx(tx, position, world, overlay);
    if (problem) return { problem };
  }
  return { writes: overlay };
}
