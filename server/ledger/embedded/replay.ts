import { stableStringify } from '../../../chaincode/src/core/json';
import { invoke } from '../../../chaincode/src/core/transactions';
import type { Block, StoredTx } from './block';
import { TxState, type WorldState } from './world-state';

const byKey = ([a]: readonly [string, string], [b]: readonly [string, string]): number => (a < b ? -1 : a > b ? 1 : 0);

async function replayTx(tx: StoredTx, position: number, world: WorldState, overlay: Map<string, string>): Promise<string | undefined> {
  const state = new TxState({ txId: tx.txId, txTime: tx.txTime, creator: { mspId: tx.creator.mspId, id: tx.creator.id }, read: (k) => overlay.get(k) ?? world.get(k), scan: (prefix) => world.scan(prefix) });
  let result: string;
  try {
    result = await invoke(state, tx.fn, tx.args);
  } catch (err) {
    return `transaction ${position} (${tx.txId}): its rules reject it on re-execution (${err instanceof Error ? err.message : 'unknown error'})`;
  }
  const writes = [...state.writes].sort(byKey);
  const same = result === tx.result && stableStringify(writes) === stableStringify(tx.writes) && stableStringify(state.event ?? null) === stableStringify(tx.event ?? null);
  if (!same) return `transaction ${position} (${tx.txId}): stored write set, result or event differ from re-executing its signed proposal`;
  for (const [k, v] of writes) overlay.set(k, v);
  return undefined;
}

/**
 * Re-executes a block's signed proposals with the shared rules against the state before the block
 * and applies them when they reproduce exactly what the block stores. The signatures cover only
 * the proposals, so this is what makes a re-hashed, altered write set detectable.
 *
 * @returns what differs, or undefined when the block replays exactly (and `world` now includes it).
 */
export async function replayBlock(block: Block, world: WorldState): Promise<string | undefined> {
  const overlay = new Map<string, string>();
  for (const [position, tx] of block.txs.entries()) {
    const problem = await replayTx(tx, position, world, overlay);
    if (problem) return problem;
  }
  world.apply(overlay);
  return undefined;
}
