import { drawInspections, drawSeed } from '../../../chaincode/src/core/supervision-draw';
import { stableStringify } from '../../../chaincode/src/core/json';
import type { InspectionPlanRecord } from '../../../chaincode/src/core/supervision-inspections';

/** Reads public JSON from the service (GET only, no key). */
export type PublicGet = (path: string) => Promise<unknown>;

/** What re-running a draw from public data found: each check, and whether all passed. */
export interface DrawVerification {
  readonly planId: string;
  readonly matches: boolean;
  readonly checks: ReadonlyArray<{ readonly check: string; readonly ok: boolean; readonly detail: string }>;
}

function check(name: string, ok: boolean, detail: string): { check: string; ok: boolean; detail: string } {
  return { check: name, ok, detail };
}

/**
 * Re-runs a plan's draw from public data only: the plan (GET /inspections/plans/{id}), the block its
 * transaction is in (GET /ledger/tx/{txId}) and the seed block's hash (GET /ledger/blocks/{n}).
 */
export async function verifyDraw(get: PublicGet, planId: string): Promise<DrawVerification> {
  const plan = (await get(`/inspections/plans/${encodeURIComponent(planId)}`)) as InspectionPlanRecord;
  const draw = plan.draw;
  if (!draw) return { planId, matches: false, checks: [check('drawn', false, 'the plan has no draw recorded yet')] };
  const tx = (await get(`/ledger/tx/${encodeURIComponent(plan.txId)}`)) as { blockNumber: number };
  const seedBlock = tx.blockNumber + plan.seedDelayBlocks;
  const block = (await get(`/ledger/blocks/${seedBlock}`)) as { hash: string };
  const seed = drawSeed(plan.id, block.hash);
  const expected = drawInspections(plan, seed);
  const checks = [
    check(
      'plan block',
      draw.planBlock === tx.blockNumber,
      `plan transaction ${plan.txId} is in block ${tx.blockNumber}; the draw names block ${draw.planBlock}`,
    ),
    check(
      'seed block',
      draw.seedBlock === seedBlock,
      `plan block + ${plan.seedDelayBlocks} = ${seedBlock}; the draw used block ${draw.seedBlock}`,
    ),
    check('seed block hash', draw.seedBlockHash === block.hash, `block ${seedBlock} has hash ${block.hash}`),
    check('seed', draw.seed === seed, `SHA-256("suyuan-draw-v1\\n${plan.id}\\n<hash>") = ${seed}`),
    check(
      'targets and inspectors',
      stableStringify(expected) === stableStringify(draw.targets),
      `${expected.length} targets recomputed, ${draw.targets.length} recorded`,
    ),
  ];
  return { planId, matches: checks.every((c) => c.ok), checks };
}
