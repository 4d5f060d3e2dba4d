import crypto from 'node:crypto';
import type { InspectionPlanRecord, InspectionResultRecord } from '../../../chaincode/src/core/supervision-inspections';
import type { Deps } from '../../deps';
import { ConflictError, InputError, NotFoundError, UnavailableError } from '../../http/errors';
import { awaitIndex } from '../../index/index-wait';
import type { Signer } from '../../ledger/trace-ledger';
import { findPlan, listPlans, listResults, targetPool, type PlanRow } from './inspection-queries';
import { listInspectors, listItems } from './list-queries';
import { DEFAULT_INSPECTION_RULES, type PlanBody, type ResultBody } from './inspection-schemas';

type View = Record<string, unknown>;
type PlanItems = NonNullable<PlanBody['items']>;
type PlanInspectors = NonNullable<PlanBody['inspectors']>;
type ResultView = InspectionResultRecord & { readonly blockNumber: number };

/** A plan as the API shows it: the record, its block, the seed block it waits for, and its results. */
export interface PlanView extends InspectionPlanRecord {
  readonly blockNumber: number;
  readonly seedBlock: number;
  readonly results: readonly ResultView[];
}

function planView(row: PlanRow, results: readonly ResultView[]): PlanView {
  return { ...row.record, blockNumber: row.blockNumber, seedBlock: row.blockNumber + row.record.seedDelayBlocks, results };
}

/** One plan with its draw and results (public: 一公开). */
export async function getPlanView(deps: Pick<Deps, 'knex'>, id: string): Promise<PlanView> {
  const row = await findPlan(deps.knex, id);
  if (!row) throw new NotFoundError(`inspection plan ${id}`);
  return planView(row, await listResults(deps.knex, { planIds: [id] }));
}

/** The latest plans with their draws and results (public). */
export async function publicInspections(deps: Pick<Deps, 'knex'>, limit: number): Promise<PlanView[]> {
  const rows = await listPlans(deps.knex, limit);
  const results = await listResults(deps.knex, { planIds: rows.map((r) => r.record.id) });
  return rows.map((r) =>
    planView(
      r,
      results.filter((x) => x.planId === r.record.id),
    ),
  );
}

async function indexedPlan(
  deps: Deps,
  receipt: { txId: string; blockNumber: number; result: unknown },
  id: string,
  extra: View = {},
): Promise<View> {
  const index = await awaitIndex(deps.indexer, receipt, deps.config.INDEX_WAIT_MS);
  if (!index.indexed) return { ...(receipt.result as View), blockNumber: receipt.blockNumber, ...extra, ...index };
  return { ...(await getPlanView(deps, id)), ...extra, ...index };
}

// A plan that names no items or inspectors takes the standing lists, as they are on the ledger now.
async function standingLists(deps: Deps, body: PlanBody): Promise<{ items: PlanItems; inspectors: PlanInspectors }> {
  const items = body.items ?? (await listItems(deps.knex)).map((i) => ({ id: i.id, name: i.name, ...(i.basis ? { basis: i.basis } : {}) }));
  const inspectors =
    body.inspectors ?? (await listInspectors(deps.knex, true)).map((i) => ({ id: i.id, name: i.name, excludes: [...i.excludes] }));
  if (items.length === 0)
    throw new InputError('No inspection items', [
      { path: 'items', message: 'name items, or record the standing list first (POST /inspections/items)' },
    ]);
  if (inspectors.length === 0)
    throw new InputError('No inspectors', [
      { path: 'inspectors', message: 'name inspectors, or record the pool first (POST /inspections/inspectors)' },
    ]);
  return { items, inspectors };
}

/** Records a plan whose target list is drawn from the registered enterprises by the body's filter. */
export async function createPlan(deps: Deps, signer: Signer, body: PlanBody): Promise<View> {
  const pool = await targetPool(deps.knex, body.targets);
  const targets = body.targets.grades ? pool.filter((t) => body.targets.grades?.includes(t.grade)) : pool;
  if (targets.length === 0)
    throw new InputError('No enterprise matches the target filter', [{ path: 'targets', message: 'the target list would be empty' }]);
  const id = `ip_${crypto.randomBytes(12).toString('base64url')}`;
  const input = {
    id,
    title: body.title,
    ...(await standingLists(deps, body)),
    targets,
    rules: body.rules ?? DEFAULT_INSPECTION_RULES,
    seedDelayBlocks: deps.config.INSPECTION_SEED_DELAY_BLOCKS,
  };
  const receipt = await deps.ledger.submit(signer, 'RecordInspectionPlan', input);
  return indexedPlan(deps, receipt, id, { seedBlock: receipt.blockNumber + input.seedDelayBlocks });
}

async function seedHash(deps: Deps, seedBlock: number): Promise<string> {
  if (!deps.ledger.blockHash)
    throw new UnavailableError(`the ${deps.ledger.mode} ledger adapter does not read block hashes, so it cannot draw`);
  const hash = await deps.ledger.blockHash(seedBlock);
  if (hash) return hash;
  const { height } = await deps.ledger.info();
  throw new ConflictError(
    `the seed block ${seedBlock} is not committed yet (ledger height ${height}); the draw can be recorded once it is`,
    { seedBlock, height },
  );
}

/** Records the draw of a plan, seeded by the hash of the block `seedDelayBlocks` after the plan's. */
export async function drawPlan(deps: Deps, signer: Signer, id: string): Promise<View> {
  const row = await findPlan(deps.knex, id);
  if (!row) throw new NotFoundError(`inspection plan ${id}`);
  if (row.record.draw) throw new ConflictError(`plan ${id} was drawn in transaction ${row.record.draw.txId}`);
  const seedBlockHash = await seedHash(deps, row.blockNumber + row.record.seedDelayBlocks);
  const receipt = await deps.ledger.submit(signer, 'RecordInspectionDraw', { planId: id, planBlock: row.blockNumber, seedBlockHash });
  return indexedPlan(deps, receipt, id, { drawTxId: receipt.txId });
}

/** Records the result of inspecting one drawn target. */
export async function recordResult(deps: Deps, signer: Signer, planId: string, body: ResultBody): Promise<View> {
  const id = `ir_${crypto.randomBytes(12).toString('base64url')}`;
  const receipt = await deps.ledger.submit(signer, 'RecordInspectionResult', { ...body, id, planId });
  const index = await awaitIndex(deps.indexer, receipt, deps.config.INDEX_WAIT_MS);
  return { ...receipt.result, blockNumber: receipt.blockNumber, ...index };
}
