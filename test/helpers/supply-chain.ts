import crypto from 'node:crypto';
import { gs1CheckDigit } from '../../chaincode/src/core/identifiers';
import { registerEnterprise, regulatorKey, type TestService } from './test-service';

/** GTIN-14 (indicator 0) for a 7-digit company prefix and a 5-digit item reference. */
export function gtin(prefix: string, itemRef: string): string {
  const data = `0${prefix}${itemRef}`;
  return `${data}${gs1CheckDigit(data)}`;
}

/** GLN for a 7-digit company prefix and a 5-digit location reference. */
export function gln(prefix: string, locationRef: string): string {
  const data = `${prefix}${locationRef}`;
  return `${data}${gs1CheckDigit(data)}`;
}

/** SSCC (extension digit 0) for a 7-digit company prefix and a 9-digit serial reference. */
export function sscc(prefix: string, serialRef: string): string {
  const data = `0${prefix}${serialRef}`;
  return `${data}${gs1CheckDigit(data)}`;
}

/** Canonical lot id. */
export const lotId = (g: string, lot: string): string => `https://id.gs1.org/01/${g}/10/${lot}`;
export const ssccId = (s: string): string => `https://id.gs1.org/00/${s}`;
export const glnId = (g: string): string => `https://id.gs1.org/414/${g}`;

/** One enterprise of the chain: its key, its party GLN and its one location. */
export interface ChainMember {
  readonly id: string;
  readonly key: string;
  readonly prefix: string;
  readonly party: string;
  readonly location: string;
  readonly city: string;
}

export type MemberName = 'farmA' | 'farmB' | 'processor' | 'distributor' | 'retailer1' | 'retailer2';
const MEMBERS: ReadonlyArray<readonly [MemberName, string]> = [
  ['farmA', 'Shouguang'],
  ['farmB', 'Weifang'],
  ['processor', 'Qingdao'],
  ['distributor', 'Jinan'],
  ['retailer1', 'Beijing'],
  ['retailer2', 'Tianjin'],
];

/** The chain built by {@link buildChain}: ids are canonical Digital Links; `events` maps step names to eventIDs. */
export interface Chain {
  readonly members: Readonly<Record<MemberName, ChainMember>>;
  readonly regulatorKey: string;
  /** Farm harvest lots (lot-level, `quantityList`). */
  readonly farmLots: readonly [string, string, string];
  /** The processor's output lot (items commissioned by the transformation roll up to it). */
  readonly processedLot: string;
  /** Serialised items of the processed lot, as EPC URNs (items 1-2 in case 1, 3-4 in case 2). */
  readonly items: readonly string[];
  readonly cases: readonly [string, string];
  readonly pallet: string;
  readonly events: Readonly<Record<string, string>>;
}

type Json = Record<string, unknown>;

function base(bizStep: string, at: string, time: string): Json {
  return { eventTime: time, eventTimeZoneOffset: '+08:00', bizStep, readPoint: { id: at }, bizLocation: { id: at } };
}

function movement(from: ChainMember, to: ChainMember): Json {
  return {
    sourceList: [
      { type: 'owning_party', source: from.party },
      { type: 'location', source: from.location },
    ],
    destinationList: [
      { type: 'owning_party', destination: to.party },
      { type: 'location', destination: to.location },
    ],
  };
}

function ship(what: Json, from: ChainMember, to: ChainMember, time: string, doc: string): Json {
  return {
    type: 'ObjectEvent',
    action: 'OBSERVE',
    ...base('shipping', from.location, time),
    disposition: 'in_transit',
    ...what,
    ...movement(from, to),
    bizTransactionList: [{ type: 'desadv', bizTransaction: `urn:epcglobal:cbv:bt:${from.party.slice(-13)}:${doc}` }],
  };
}

function receive(what: Json, from: ChainMember, to: ChainMember, time: string): Json {
  return {
    type: 'ObjectEvent',
    action: 'OBSERVE',
    ...base('receiving', to.location, time),
    disposition: 'in_progress',
    ...what,
    ...movement(from, to),
  };
}

async function register(t: TestService, name: MemberName, city: string, prefix: string, tag: string): Promise<ChainMember> {
  const location = glnId(gln(prefix, '00001'));
  const id = `${name.toLowerCase()}-${tag}`;
  const key = await registerEnterprise(t, {
    id,
    name: `${name} ${tag}`,
    companyPrefixes: [prefix],
    locations: [{ id: location, name: `${name} site`, city }],
  });
  return { id, key, prefix, party: glnId(gln(prefix, '00000')), location, city };
}

/** Records events as one ledger transaction by `member` and waits for the index; returns the eventIDs. */
export async function record(t: TestService, member: Pick<ChainMember, 'id'>, events: readonly Json[]): Promise<string[]> {
  const withIds = events.map((event) => ({ eventID: `urn:uuid:${crypto.randomUUID()}`, event }));
  const r = await t.service.deps.ledger.recordEvents({ kind: 'enterprise', enterpriseId: member.id }, { events: withIds });
  // The whole block, not just the transaction: its end moves the index position too, and a test that
  // counts queries or keys on the position must not see that move after this returns.
  await t.service.deps.indexer.waitForHeight(r.blockNumber + 1);
  return withIds.map((e) => e.eventID);
}

async function registerMembers(t: TestService, prefixSeed: number, tag: string): Promise<Record<MemberName, ChainMember>> {
  const out: Partial<Record<MemberName, ChainMember>> = {};
  for (const [i, [name, city]] of MEMBERS.entries()) {
    out[name] = await register(t, name, city, `95200${String(prefixSeed + i).padStart(2, '0')}`, tag);
  }
  return out as Record<MemberName, ChainMember>;
}

/**
 * Builds a whole chain through the ledger: farm A harvests lots 1-2 and farm B lot 3 (lot-level
 * quantities), they ship them to the processor, which transforms all three into one output lot
 * (serialised items), packs the items into two cases (SSCC) and the cases onto a pallet (SSCC),
 * ships the pallet to the distributor, which unpacks it and ships one case to each retailer;
 * retailer 2 sells an item.
 *
 * `prefixSeed` picks six consecutive company prefixes `95200{seed}`…`95200{seed+5}` (seed 1-94);
 * use a different seed for every chain in one service.
 */
export async function buildChain(t: TestService, prefixSeed: number): Promise<Chain> {
  const tag = `s${prefixSeed}`;
  const m = await registerMembers(t, prefixSeed, tag);
  const farmLots = [
    lotId(gtin(m.farmA.prefix, '00011'), `H${tag}A`),
    lotId(gtin(m.farmA.prefix, '00011'), `H${tag}B`),
    lotId(gtin(m.farmB.prefix, '00022'), `H${tag}C`),
  ] as const;
  const kg = (lot: string, quantity: number): Json => ({ epcClass: lot, quantity, uom: 'KGM' });
  const harvest = (lot: string, q: number, farm: ChainMember): Json => ({
    type: 'ObjectEvent',
    action: 'ADD',
    ...base('commissioning', farm.location, '2026-09-01T06:00:00.000+08:00'),
    disposition: 'active',
    quantityList: [kg(lot, q)],
    ilmd: { 'cbvmda:harvestStartDate': '2026-09-01' },
  });
  const [h1, h2] = await record(t, m.farmA, [harvest(farmLots[0], 500, m.farmA), harvest(farmLots[1], 300, m.farmA)]);
  const [h3] = await record(t, m.farmB, [harvest(farmLots[2], 400, m.farmB)]);
  const [s1, s2] = await record(t, m.farmA, [
    ship({ quantityList: [kg(farmLots[0], 500)] }, m.farmA, m.processor, '2026-09-01T10:00:00.000+08:00', 'D1'),
    ship({ quantityList: [kg(farmLots[1], 300)] }, m.farmA, m.processor, '2026-09-01T10:05:00.000+08:00', 'D2'),
  ]);
  const [s3] = await record(t, m.farmB, [
    ship({ quantityList: [kg(farmLots[2], 400)] }, m.farmB, m.processor, '2026-09-01T11:00:00.000+08:00', 'D3'),
  ]);
  const received = farmLots.map((lot, i) =>
    receive(
      { quantityList: [kg(lot, [500, 300, 400][i] ?? 0)] },
      i < 2 ? m.farmA : m.farmB,
      m.processor,
      `2026-09-01T15:0${i}:00.000+08:00`,
    ),
  );
  const [r1, r2, r3] = await record(t, m.processor, received);
  const productGtin = gtin(m.processor.prefix, '00033');
  const processedLot = lotId(productGtin, `P${tag}`);
  const items = [1, 2, 3, 4].map((n) => `urn:epc:id:sgtin:${m.processor.prefix}.000033.${n}00${tag}`);
  const cases = [ssccId(sscc(m.processor.prefix, '000000001')), ssccId(sscc(m.processor.prefix, '000000002'))] as const;
  const pallet = ssccId(sscc(m.processor.prefix, '000000100'));
  const at = m.processor.location;
  const [transform, packCase1, packCase2, packPallet, shipPallet] = await record(t, m.processor, [
    {
      type: 'TransformationEvent',
      ...base('creating_class_instance', at, '2026-09-02T08:00:00.000+08:00'),
      disposition: 'active',
      inputQuantityList: farmLots.map((l, i) => kg(l, [500, 300, 400][i] ?? 0)),
      outputEPCList: items,
      ilmd: { 'cbvmda:lotNumber': `P${tag}` },
    },
    {
      type: 'AggregationEvent',
      action: 'ADD',
      ...base('packing', at, '2026-09-02T09:00:00.000+08:00'),
      parentID: cases[0],
      childEPCs: items.slice(0, 2),
    },
    {
      type: 'AggregationEvent',
      action: 'ADD',
      ...base('packing', at, '2026-09-02T09:01:00.000+08:00'),
      parentID: cases[1],
      childEPCs: items.slice(2, 4),
    },
    {
      type: 'AggregationEvent',
      action: 'ADD',
      ...base('packing', at, '2026-09-02T09:30:00.000+08:00'),
      parentID: pallet,
      childEPCs: [...cases],
    },
    ship({ epcList: [pallet] }, m.processor, m.distributor, '2026-09-02T12:00:00.000+08:00', 'D4'),
  ]);
  const [receivePallet, unpackPallet, shipCase1, shipCase2] = await record(t, m.distributor, [
    receive({ epcList: [pallet] }, m.processor, m.distributor, '2026-09-02T18:00:00.000+08:00'),
    {
      type: 'AggregationEvent',
      action: 'DELETE',
      ...base('unpacking', m.distributor.location, '2026-09-03T07:00:00.000+08:00'),
      parentID: pallet,
      childEPCs: [...cases],
    },
    ship({ epcList: [cases[0]] }, m.distributor, m.retailer1, '2026-09-03T08:00:00.000+08:00', 'D5'),
    ship({ epcList: [cases[1]] }, m.distributor, m.retailer2, '2026-09-03T08:10:00.000+08:00', 'D6'),
  ]);
  const [receiveCase1] = await record(t, m.retailer1, [
    receive({ epcList: [cases[0]] }, m.distributor, m.retailer1, '2026-09-03T14:00:00.000+08:00'),
  ]);
  const [receiveCase2, sale] = await record(t, m.retailer2, [
    receive({ epcList: [cases[1]] }, m.distributor, m.retailer2, '2026-09-03T15:00:00.000+08:00'),
    {
      type: 'ObjectEvent',
      action: 'OBSERVE',
      ...base('retail_selling', m.retailer2.location, '2026-09-04T10:00:00.000+08:00'),
      disposition: 'retail_sold',
      epcList: [items[3]],
    },
  ]);
  const events = {
    h1,
    h2,
    h3,
    s1,
    s2,
    s3,
    r1,
    r2,
    r3,
    transform,
    packCase1,
    packCase2,
    packPallet,
    shipPallet,
    receivePallet,
    unpackPallet,
    shipCase1,
    shipCase2,
    receiveCase1,
    receiveCase2,
    sale,
  };
  return {
    members: m,
    regulatorKey: await regulatorKey(t),
    farmLots,
    processedLot,
    items,
    cases,
    pallet,
    events: events as Record<string, string>,
  };
}
