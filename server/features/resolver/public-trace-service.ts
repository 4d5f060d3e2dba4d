import type { Deps } from '../../deps';
import { NotFoundError } from '../../http/errors';
import { latestResultOf } from '../supervision/inspection-queries';
import { declarationsForGtin, type DeclaredProductInfo, type PublicStandard } from './public-declarations';
import {
  brandOwner,
  createsNode,
  journeyOf,
  originOf,
  placeResolver,
  proofsOf,
  type JourneyStep,
  type LedgerProof,
  type PublicOrigin,
  type PublicPlace,
} from './public-projection';
import {
  anyRecalled,
  eventsTouching,
  lotOfItem,
  nodeSeen,
  productSeen,
  publicEnterprises,
  recallsCovering,
  recallsOfProduct,
  walkEdges,
  type PublicEventRow,
  type RecallRow,
} from './public-trace-queries';
import type { ResolvedKey } from './resolver-schemas';

/** A recall notice in the form the recall rules ask for (hazard, what to do, remedy, contact). */
export interface PublicRecallNotice {
  readonly recallId: string;
  readonly issuedAt: string;
  readonly hazard: string;
  readonly consumerAction: string;
  readonly remedy: string;
  readonly contact: string;
  /** Lot codes of this product the recall covers. */
  readonly lots: readonly string[];
  readonly txId: string;
  readonly blockNumber: number;
}

/** The brand owner's latest double-random inspection result (public: 一公开). */
export interface PublicInspection {
  readonly date: string;
  readonly outcome: 'pass' | 'fail';
  readonly planId: string;
  readonly planTitle: string;
  readonly txId: string;
  readonly blockNumber: number;
}

/**
 * The public projection of a product, lot or item: only what a consumer may see. Built from a
 * whitelist — parties, business transactions, quantities, prices, location names and event
 * extensions never enter it.
 */
export interface PublicTrace {
  readonly id: string;
  readonly level: ResolvedKey['level'];
  readonly gtin: string;
  readonly lot?: string;
  readonly serial?: string;
  readonly product: DeclaredProductInfo | { readonly name?: undefined };
  readonly brandOwner?: { readonly name: string };
  readonly inspection?: PublicInspection;
  readonly origin?: PublicOrigin;
  readonly rawMaterials: readonly PublicOrigin[];
  readonly journey: readonly JourneyStep[];
  readonly standards: readonly PublicStandard[];
  readonly recall: { readonly recalled: boolean; readonly notices: readonly PublicRecallNotice[] };
  readonly ledger: { readonly proofs: readonly LedgerProof[] };
  readonly indexedThrough: { readonly blockNumber: number; readonly txIndex: number };
}

type TraceDeps = Pick<Deps, 'knex' | 'indexer'>;

async function assertKnown(deps: TraceDeps, key: ResolvedKey, node: string | undefined): Promise<void> {
  const known = node ? await nodeSeen(deps.knex, node) : await productSeen(deps.knex, key.productId, key.gtin);
  if (!known) throw new NotFoundError(`${key.canonical} is not known here`);
}

/** The lineage node of the key: the lot, or the item's lot (or the item when its lot is unknown). */
async function nodeOf(deps: TraceDeps, key: ResolvedKey): Promise<string | undefined> {
  if (key.level === 'gtin') return undefined;
  if (key.level === 'lot') return key.lotId;
  return key.lotId ?? (await lotOfItem(deps.knex, key.canonical)) ?? key.canonical;
}

function lotCode(id: string, productId: string): string | undefined {
  if (!id.startsWith(`${productId}/10/`)) return undefined;
  return decodeURIComponent(id.slice(productId.length + 4).split('/')[0] ?? '');
}

function noticeOf(row: RecallRow, productId: string): PublicRecallNotice {
  const r = row.record;
  const lots = [...new Set(r.scope.map((id) => lotCode(id, productId)).filter((l): l is string => Boolean(l)))].sort();
  return {
    recallId: r.id,
    issuedAt: r.openedAt.slice(0, 10),
    hazard: r.notice.hazard,
    consumerAction: r.notice.consumerAction,
    remedy: r.notice.remedy,
    contact: r.notice.contact,
    lots,
    txId: row.tx_id,
    blockNumber: Number(row.block_number),
  };
}

async function recallOf(deps: TraceDeps, key: ResolvedKey, node: string | undefined): Promise<{ rows: RecallRow[]; recalled: boolean }> {
  if (!node) {
    const rows = await recallsOfProduct(deps.knex, key.productId);
    return { rows, recalled: rows.length > 0 };
  }
  const ids = [...new Set([node, key.canonical])];
  const rows = await recallsCovering(deps.knex, ids);
  return { rows, recalled: rows.length > 0 || (await anyRecalled(deps.knex, ids)) };
}

interface Lineage {
  readonly origin?: PublicOrigin;
  readonly rawMaterials: PublicOrigin[];
  readonly journey: JourneyStep[];
  readonly events: PublicEventRow[];
}

function uniqueOrigins(origins: readonly PublicOrigin[]): PublicOrigin[] {
  const seen = new Map(origins.map((o) => [JSON.stringify(o), o]));
  return [...seen.values()];
}

async function lineageOf(deps: TraceDeps, node: string | undefined, placeOf: (id: string | null) => PublicPlace): Promise<Lineage> {
  if (!node) return { rawMaterials: [], journey: [], events: [] };
  const ancestors = await walkEdges(deps.knex, [node], 'transformed_into', false);
  const containers = await walkEdges(deps.knex, [node], 'packed_into', true);
  const events = await eventsTouching(deps.knex, [...new Set([...ancestors, ...containers])]);
  const created = events.filter(createsNode);
  const own = created.find((e) => e.node_id === node);
  const upstream = created.filter((e) => e.node_id !== node);
  return {
    ...(own ? { origin: originOf(own, placeOf) } : {}),
    rawMaterials: uniqueOrigins(upstream.map((e) => originOf(e, placeOf))),
    journey: journeyOf(events, placeOf),
    events,
  };
}

async function inspectionOf(deps: TraceDeps, enterpriseId: string | undefined): Promise<PublicInspection | undefined> {
  const latest = enterpriseId ? await latestResultOf(deps.knex, enterpriseId) : undefined;
  if (!latest) return undefined;
  const r = latest.record;
  return {
    date: r.recordedAt.slice(0, 10),
    outcome: r.outcome,
    planId: r.planId,
    planTitle: latest.title,
    txId: r.txId,
    blockNumber: latest.blockNumber,
  };
}

/**
 * The public trace of what a Digital Link names.
 *
 * @throws {@link NotFoundError} when the index has never seen the product, lot or item
 */
export async function publicTrace(deps: TraceDeps, key: ResolvedKey): Promise<PublicTrace> {
  const node = await nodeOf(deps, key);
  await assertKnown(deps, key, node);
  const enterprises = await publicEnterprises(deps.knex);
  const lineage = await lineageOf(deps, node, placeResolver(enterprises));
  const declared = await declarationsForGtin(deps.knex, key.gtin);
  const recall = await recallOf(deps, key, node);
  const owner = brandOwner(enterprises, key.gtin);
  const inspection = await inspectionOf(deps, owner?.id);
  const proofRefs = [
    ...lineage.events.map((e) => ({ ...e, kind: 'event' as const })),
    ...declared.standards.flatMap((s) => [
      { tx_id: s.txId, block_number: s.blockNumber, kind: 'declaration' as const },
      ...s.supervision.map((c) => ({ tx_id: c.txId, block_number: c.blockNumber, kind: 'supervision' as const })),
    ]),
    ...recall.rows.map((r) => ({ ...r, kind: 'recall' as const })),
    ...(inspection ? [{ tx_id: inspection.txId, block_number: inspection.blockNumber, kind: 'inspection' as const }] : []),
  ];
  return {
    id: key.canonical,
    level: key.level,
    gtin: key.gtin,
    ...(key.lot !== undefined ? { lot: key.lot } : {}),
    ...(key.serial !== undefined ? { serial: key.serial } : {}),
    product: declared.product ?? {},
    ...(owner ? { brandOwner: { name: owner.name } } : {}),
    ...(inspection ? { inspection } : {}),
    ...(lineage.origin ? { origin: lineage.origin } : {}),
    rawMaterials: lineage.rawMaterials,
    journey: lineage.journey,
    standards: declared.standards,
    recall: { recalled: recall.recalled, notices: recall.rows.map((r) => noticeOf(r, key.productId)) },
    ledger: { proofs: proofsOf(proofRefs) },
    indexedThrough: deps.indexer.position,
  };
}
