import type { Deps } from '../deps';
import { NotFoundError } from '../http/errors';
import type { Receipt, Signer } from '../ledger/trace-ledger';
import {
  DEMO,
  DEMO_DECLARATION,
  DEMO_RECALL_NOTICE,
  LEAF_GTIN,
  LEAF_LOTS,
  TEA_GTIN,
  TEA_LOTS,
  lotId,
  ssccId,
  type DemoEnterprise,
} from './demo-data';

type Json = Record<string, unknown>;
type SeedDeps = Pick<Deps, 'ledger' | 'indexer' | 'knex'>;

/** Where the two demo pages are, relative to the server's origin. */
export interface DemoPages {
  readonly cleanUrl: string;
  readonly recalledUrl: string;
}

const PAGES: DemoPages = { cleanUrl: `/01/${TEA_GTIN}/10/${TEA_LOTS.clean}`, recalledUrl: `/01/${TEA_GTIN}/10/${TEA_LOTS.recalled}` };
const signer = (e: DemoEnterprise): Signer => ({ kind: 'enterprise', enterpriseId: e.id });
const at = (e: DemoEnterprise, time: string, bizStep: string): Json => ({
  eventTime: time,
  eventTimeZoneOffset: '+08:00',
  bizStep,
  readPoint: { id: e.location.id },
  bizLocation: { id: e.location.id },
});
const qty = (epcClass: string, quantity: number, uom?: string): Json => ({ epcClass, quantity, ...(uom ? { uom } : {}) });

function move(from: DemoEnterprise, to: DemoEnterprise): Json {
  return {
    sourceList: [
      { type: 'owning_party', source: from.party },
      { type: 'location', source: from.location.id },
    ],
    destinationList: [
      { type: 'owning_party', destination: to.party },
      { type: 'location', destination: to.location.id },
    ],
  };
}

function ship(from: DemoEnterprise, to: DemoEnterprise, time: string, what: Json, order: string): Json {
  return {
    type: 'ObjectEvent',
    action: 'OBSERVE',
    ...at(from, time, 'shipping'),
    disposition: 'in_transit',
    ...what,
    ...move(from, to),
    bizTransactionList: [{ type: 'po', bizTransaction: `urn:epcglobal:cbv:bt:${to.location.id.slice(-13)}:${order}` }],
  };
}

function receive(from: DemoEnterprise, to: DemoEnterprise, time: string, what: Json): Json {
  return { type: 'ObjectEvent', action: 'OBSERVE', ...at(to, time, 'receiving'), disposition: 'in_progress', ...what, ...move(from, to) };
}

async function record(deps: SeedDeps, e: DemoEnterprise, events: readonly Json[], tag: string): Promise<Receipt<unknown>> {
  return deps.ledger.recordEvents(signer(e), {
    events: events.map((event, i) => ({
      eventID: `urn:uuid:00000000-5eed-4000-8000-${tag}${String(i).padStart(12 - tag.length, '0')}`,
      event,
    })),
  });
}

async function farmSteps(deps: SeedDeps): Promise<void> {
  const { farm, processor } = DEMO;
  const [a, b] = LEAF_LOTS.map((l) => lotId(LEAF_GTIN, l)) as [string, string];
  const harvest = (lot: string, kg: number, day: string): Json => ({
    type: 'ObjectEvent',
    action: 'ADD',
    ...at(farm, `2026-10-${day}T07:30:00.000+08:00`, 'commissioning'),
    disposition: 'active',
    quantityList: [qty(lot, kg, 'KGM')],
    ilmd: { 'cbvmda:harvestStartDate': `2026-10-${day}`, 'cbvmda:harvestEndDate': `2026-10-${day}` },
  });
  await record(deps, farm, [harvest(a, 420, '08'), harvest(b, 380, '09')], '1');
  await record(
    deps,
    farm,
    [ship(farm, processor, '2026-10-09T16:00:00.000+08:00', { quantityList: [qty(a, 420, 'KGM'), qty(b, 380, 'KGM')] }, 'PO-XM-26-0917')],
    '2',
  );
}

async function processorSteps(deps: SeedDeps): Promise<void> {
  const { farm, processor, retailer } = DEMO;
  const leaf = LEAF_LOTS.map((l) => lotId(LEAF_GTIN, l));
  const tea = [lotId(TEA_GTIN, TEA_LOTS.clean), lotId(TEA_GTIN, TEA_LOTS.recalled)];
  const cases = [ssccId(processor.prefix, '000000011'), ssccId(processor.prefix, '000000012')];
  const transform = (i: number, day: string): Json => ({
    type: 'TransformationEvent',
    ...at(processor, `2026-10-${day}T10:00:00.000+08:00`, 'creating_class_instance'),
    disposition: 'active',
    inputQuantityList: [qty(leaf[i] ?? '', i === 0 ? 420 : 380, 'KGM')],
    outputQuantityList: [qty(tea[i] ?? '', 360)],
    ilmd: { 'cbvmda:productionDate': `2026-10-${day}`, 'cbvmda:bestBeforeDate': `2028-04-${day}` },
  });
  const pack = (i: number): Json => ({
    type: 'AggregationEvent',
    action: 'ADD',
    ...at(processor, `2026-10-14T09:0${i}:00.000+08:00`, 'packing'),
    parentID: cases[i],
    childQuantityList: [qty(tea[i] ?? '', 360)],
  });
  await record(
    deps,
    processor,
    [
      receive(farm, processor, '2026-10-10T08:30:00.000+08:00', { quantityList: leaf.map((l, i) => qty(l, i === 0 ? 420 : 380, 'KGM')) }),
      transform(0, '12'),
      transform(1, '13'),
      pack(0),
      pack(1),
    ],
    '3',
  );
  await record(deps, processor, [ship(processor, retailer, '2026-10-20T14:00:00.000+08:00', { epcList: cases }, 'PO-SH-26-1102')], '4');
}

async function retailerSteps(deps: SeedDeps): Promise<Receipt<unknown>> {
  const { processor, retailer } = DEMO;
  const cases = [ssccId(processor.prefix, '000000011'), ssccId(processor.prefix, '000000012')];
  return record(
    deps,
    retailer,
    [
      receive(processor, retailer, '2026-10-21T09:00:00.000+08:00', { epcList: cases }),
      {
        type: 'ObjectEvent',
        action: 'OBSERVE',
        ...at(retailer, '2026-10-21T15:00:00.000+08:00', 'stocking'),
        disposition: 'sellable_accessible',
        epcList: cases,
      },
    ],
    '5',
  );
}

async function declareAndCheck(deps: SeedDeps): Promise<void> {
  await deps.ledger.submit(signer(DEMO.processor), 'PublishDeclaration', DEMO_DECLARATION);
  await deps.ledger.submit({ kind: 'regulator' }, 'RecordSupervision', {
    id: DEMO_DECLARATION.id,
    result: 'conforming',
    notes: `抽检批次 ${TEA_LOTS.clean} 合格 / Lot ${TEA_LOTS.clean} sampled: conforming`,
    sampledLot: lotId(TEA_GTIN, TEA_LOTS.clean),
  });
  await deps.ledger.submit({ kind: 'regulator' }, 'RecordSupervision', {
    id: DEMO_DECLARATION.id,
    result: 'non-conforming',
    notes: `抽检批次 ${TEA_LOTS.recalled} 联苯菊酯超标 / Lot ${TEA_LOTS.recalled}: bifenthrin above limit`,
    sampledLot: lotId(TEA_GTIN, TEA_LOTS.recalled),
  });
}

// The ledger decides the scope: the lot and the cases it was packed into (it went into no other product).
async function openDemoRecall(deps: SeedDeps): Promise<Receipt<unknown>> {
  const lot = lotId(TEA_GTIN, TEA_LOTS.recalled);
  return deps.ledger.openRecall(
    { kind: 'regulator' },
    {
      id: 'RC-demo-tgy261013b',
      lots: [lot],
      reason: 'Spot check: bifenthrin residue above GB 2763 limit',
      severityClass: 'II',
      notice: DEMO_RECALL_NOTICE,
    },
  );
}

/** Whether the demo chain is on the ledger (its farm is registered). */
export async function demoSeeded(deps: Pick<Deps, 'ledger'>): Promise<boolean> {
  try {
    await deps.ledger.evaluate({ kind: 'admin' }, 'GetEnterprise', { id: DEMO.farm.id });
    return true;
  } catch (err) {
    if (err instanceof NotFoundError) return false;
    throw err;
  }
}

/**
 * Seeds a small tea supply chain (farm in Anxi, processor in Xiamen, supermarket in Shanghai) through
 * the ledger: two lots, a declared standard with spot checks, and a recall of one lot. Skips when
 * the demo enterprises exist. Returns the paths of the clean and the recalled lot's consumer pages.
 */
export async function seedDemo(deps: SeedDeps): Promise<DemoPages> {
  if (await demoSeeded(deps)) return PAGES;
  for (const e of Object.values(DEMO)) {
    await deps.ledger.registerEnterprise(
      { kind: 'admin' },
      { id: e.id, name: e.name, companyPrefixes: [e.prefix], locations: [e.location] },
    );
  }
  await farmSteps(deps);
  await processorSteps(deps);
  const last = await retailerSteps(deps);
  await deps.indexer.waitForTx(last.txId, last.blockNumber);
  await declareAndCheck(deps);
  const recall = await openDemoRecall(deps);
  await deps.indexer.waitForTx(recall.txId, recall.blockNumber);
  return PAGES;
}
