import { gs1CheckDigit } from '../../chaincode/src/core/identifiers';

/**
 * A seeded synthetic supply chain: farms harvest lots, processors transform them through several
 * stages into a packed product lot of serialised items, pack items into cases and cases onto pallets
 * (SSCC), ship pallets to distributors, which break them down and build mixed pallets for retailers,
 * which receive, unpack and sell. Every identifier is a GS1 Digital Link with correct check digits.
 */

type Json = Record<string, unknown>;

/** One enterprise of the chain as registered through `POST /admin/enterprises`. */
export interface ChainEnterprise {
  readonly id: string;
  readonly name: string;
  readonly role: 'farm' | 'processor' | 'distributor' | 'retailer';
  readonly prefix: string;
  readonly gln: string;
  readonly city: string;
}

/** Sizes of the chain; every field has a default. */
export interface ChainOptions {
  readonly seed: number;
  readonly farms: number;
  readonly processors: number;
  readonly distributors: number;
  readonly retailers: number;
  /** Transformation stages from a farm lot to the packed product lot. */
  readonly stages: number;
  readonly casesPerLot: number;
  readonly itemsPerCase: number;
  readonly casesPerPallet: number;
  /** Prepended to lot codes, so a second generator never repeats a lot. */
  readonly tag: string;
  /**
   * The first serial of items, cases and pallets (SSCCs are digits only, so the tag cannot keep them apart):
   * generators recording onto the same ledger need ranges that do not meet. Default: 0 without a tag, else 500,000,000.
   */
  readonly serialBase?: number;
}

export const DEFAULT_CHAIN: ChainOptions = {
  seed: 20261127,
  farms: 24,
  processors: 6,
  distributors: 4,
  retailers: 24,
  stages: 4,
  casesPerLot: 4,
  itemsPerCase: 12,
  casesPerPallet: 8,
  tag: '',
};

/** One event as produced: who records it and its EPCIS JSON. */
export interface ChainEvent {
  readonly recorder: string;
  readonly event: Json;
}

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const withCheck = (body: string): string => `${body}${gs1CheckDigit(body)}`;
/** GTIN-14 for a 7-digit prefix and an item reference. */
export const gtinOf = (prefix: string, item: number): string => withCheck(`0${prefix}${String(item).padStart(5, '0')}`);
const ssccOf = (prefix: string, serial: number): string => withCheck(`0${prefix}${String(serial).padStart(9, '0')}`);
const glnOf = (prefix: string, loc: number): string => withCheck(`${prefix}${String(loc).padStart(5, '0')}`);
/** Canonical lot id. */
export const lotUri = (gtin: string, lot: string): string => `https://id.gs1.org/01/${gtin}/10/${lot}`;
const itemUri = (gtin: string, serial: number): string => `https://id.gs1.org/01/${gtin}/21/${serial}`;
const ssccUri = (sscc: string): string => `https://id.gs1.org/00/${sscc}`;
const glnUri = (gln: string): string => `https://id.gs1.org/414/${gln}`;

const CITIES = [
  'Shouguang',
  'Weifang',
  'Qingdao',
  'Jinan',
  'Yantai',
  'Linyi',
  'Beijing',
  'Tianjin',
  'Shanghai',
  'Hangzhou',
  'Nanjing',
  'Suzhou',
];
const ROLES = ['farm', 'processor', 'distributor', 'retailer'] as const;

/** The enterprises of a chain of these sizes, with company prefixes 95xxxxx. */
export function chainEnterprises(opts: ChainOptions): ChainEnterprise[] {
  const counts = { farm: opts.farms, processor: opts.processors, distributor: opts.distributors, retailer: opts.retailers };
  const out: ChainEnterprise[] = [];
  ROLES.forEach((role, r) => {
    for (let i = 0; i < counts[role]; i++) {
      const prefix = `95${r + 1}${String(i).padStart(4, '0')}`;
      out.push({
        id: `bench-${role}-${i}`,
        name: `Bench ${role} ${i}`,
        role,
        prefix,
        gln: glnOf(prefix, 1),
        city: CITIES[(r * 7 + i) % CITIES.length] ?? 'Jinan',
      });
    }
  });
  return out;
}

interface Lot {
  readonly uri: string;
  readonly stage: number;
}

/** Generates the events of the chain in time order; stops after `limit` events. */
export class ChainGenerator {
  readonly #o: ChainOptions;
  readonly #rand: () => number;
  readonly #by: Record<ChainEnterprise['role'], ChainEnterprise[]>;
  #time = Date.parse('2026-01-05T00:00:00.000Z');
  #serial = 0;
  #cycle = 0;
  readonly #previous = new Map<string, Lot[]>();
  readonly #distributorCases = new Map<string, string[]>();
  /** Lots created so far, by the enterprise that created them (trace starting points). */
  readonly lots: string[] = [];
  /** Packed product lots (serialised items, cases, pallets): what consumers scan. */
  readonly productLots: string[] = [];

  constructor(opts: ChainOptions) {
    this.#o = opts;
    this.#rand = prng(opts.seed);
    this.#serial = opts.serialBase ?? (opts.tag === '' ? 0 : 500_000_000);
    const all = chainEnterprises(opts);
    this.#by = { farm: [], processor: [], distributor: [], retailer: [] };
    for (const e of all) this.#by[e.role].push(e);
  }

  #pick<T>(list: readonly T[]): T {
    const v = list[Math.floor(this.#rand() * list.length)];
    if (v === undefined) throw new Error('empty list');
    return v;
  }

  #uuid(): string {
    const hex = (n: number): string =>
      Math.floor(this.#rand() * 16 ** n)
        .toString(16)
        .padStart(n, '0');
    return `urn:uuid:${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + Math.floor(this.#rand() * 4)).toString(16)}${hex(3)}-${hex(6)}${hex(6)}`;
  }

  #base(type: string, who: ChainEnterprise, bizStep: string, disposition: string, extra: Json): ChainEvent {
    this.#time += 1000 + Math.floor(this.#rand() * 60000);
    const at = { id: glnUri(who.gln) };
    const event = {
      type,
      eventID: this.#uuid(),
      eventTime: new Date(this.#time).toISOString(),
      eventTimeZoneOffset: '+08:00',
      ...extra,
      bizStep,
      disposition,
      readPoint: at,
      bizLocation: at,
    };
    return { recorder: who.id, event };
  }

  #transfer(from: ChainEnterprise, to: ChainEnterprise): Json {
    return {
      sourceList: [
        { type: 'owning_party', source: glnUri(from.gln) },
        { type: 'location', source: glnUri(from.gln) },
      ],
      destinationList: [
        { type: 'owning_party', destination: glnUri(to.gln) },
        { type: 'location', destination: glnUri(to.gln) },
      ],
      bizTransactionList: [{ type: 'desadv', bizTransaction: `urn:epcglobal:cbv:bt:${from.gln}:${this.#cycle}` }],
    };
  }

  *#harvest(farm: ChainEnterprise, processor: ChainEnterprise): Generator<ChainEvent, Lot> {
    const lot = lotUri(gtinOf(farm.prefix, 1 + Math.floor(this.#rand() * 3)), `${this.#o.tag}H${this.#cycle}`);
    const q = [{ epcClass: lot, quantity: 200 + Math.floor(this.#rand() * 800), uom: 'KGM' }];
    yield this.#base('ObjectEvent', farm, 'commissioning', 'active', {
      action: 'ADD',
      quantityList: q,
      ilmd: { 'cbvmda:harvestStartDate': new Date(this.#time).toISOString().slice(0, 10) },
    });
    yield this.#base('ObjectEvent', farm, 'shipping', 'in_transit', {
      action: 'OBSERVE',
      quantityList: q,
      ...this.#transfer(farm, processor),
    });
    yield this.#base('ObjectEvent', processor, 'receiving', 'in_progress', {
      action: 'OBSERVE',
      quantityList: q,
      ...this.#transfer(farm, processor),
    });
    this.lots.push(lot);
    return { uri: lot, stage: 0 };
  }

  *#transform(
    processor: ChainEnterprise,
    inputs: Lot[],
    stage: number,
    gtin: string,
    lotCode: string,
    items: string[],
  ): Generator<ChainEvent, Lot> {
    const uri = lotUri(gtin, lotCode);
    const output =
      items.length > 0
        ? { outputEPCList: items }
        : { outputQuantityList: [{ epcClass: uri, quantity: 100 + Math.floor(this.#rand() * 400), uom: 'KGM' }] };
    const ilmd =
      items.length > 0
        ? {
            ilmd: {
              'cbvmda:lotNumber': lotCode,
              'cbvmda:itemExpirationDate': new Date(this.#time + 180 * 86400000).toISOString().slice(0, 10),
            },
          }
        : {};
    yield this.#base('TransformationEvent', processor, stage === this.#o.stages ? 'commissioning' : 'creating_class_instance', 'active', {
      inputQuantityList: inputs.map((l) => ({ epcClass: l.uri, quantity: 50 + Math.floor(this.#rand() * 100), uom: 'KGM' })),
      ...output,
      transformationID: `urn:uuid:${this.#uuid().slice(9)}`,
      ...ilmd,
    });
    this.lots.push(uri);
    if (items.length > 0) this.productLots.push(uri);
    return { uri, stage };
  }

  /** The inputs of a stage: the previous stage's lot, sometimes blended with an older lot of the same stage. */
  #blend(processor: ChainEnterprise, current: Lot[], stage: number): Lot[] {
    const key = `${processor.id}:${stage - 1}`;
    const older = this.#previous.get(key) ?? [];
    const mixed = older.length > 0 && this.#rand() < 0.5 ? [...current, this.#pick(older)] : current;
    this.#previous.set(key, [...older.slice(-7), ...current]);
    return mixed;
  }

  *#pack(processor: ChainEnterprise, items: string[]): Generator<ChainEvent, string[]> {
    const cases: string[] = [];
    for (let c = 0; c < this.#o.casesPerLot; c++) {
      const sscc = ssccUri(ssccOf(processor.prefix, ++this.#serial));
      yield this.#base('AggregationEvent', processor, 'packing', 'in_progress', {
        action: 'ADD',
        parentID: sscc,
        childEPCs: items.slice(c * this.#o.itemsPerCase, (c + 1) * this.#o.itemsPerCase),
      });
      cases.push(sscc);
    }
    return cases;
  }

  *#palletise(owner: ChainEnterprise, cases: string[], to: ChainEnterprise): Generator<ChainEvent, string> {
    const pallet = ssccUri(ssccOf(owner.prefix, ++this.#serial));
    yield this.#base('AggregationEvent', owner, 'packing', 'in_progress', { action: 'ADD', parentID: pallet, childEPCs: cases });
    yield this.#base('ObjectEvent', owner, 'shipping', 'in_transit', {
      action: 'OBSERVE',
      epcList: [pallet],
      ...this.#transfer(owner, to),
    });
    yield this.#base('ObjectEvent', to, 'receiving', 'in_progress', { action: 'OBSERVE', epcList: [pallet], ...this.#transfer(owner, to) });
    yield this.#base('AggregationEvent', to, 'unpacking', 'in_progress', { action: 'DELETE', parentID: pallet, childEPCs: cases });
    return pallet;
  }

  *#cycleEvents(): Generator<ChainEvent> {
    this.#cycle += 1;
    const processor = this.#pick(this.#by.processor);
    // Three different farms: one farm picked twice would harvest the same lot twice, around the shipment.
    const farms: ChainEnterprise[] = [];
    while (farms.length < Math.min(3, this.#by.farm.length)) {
      const farm = this.#pick(this.#by.farm);
      if (!farms.includes(farm)) farms.push(farm);
    }
    let current: Lot[] = [];
    for (const farm of farms) current.push(yield* this.#harvest(farm, processor));
    const product = gtinOf(processor.prefix, 100 + (this.#cycle % 5));
    const items = Array.from({ length: this.#o.casesPerLot * this.#o.itemsPerCase }, () => itemUri(product, ++this.#serial));
    for (let stage = 1; stage <= this.#o.stages; stage++) {
      const last = stage === this.#o.stages;
      const gtin = last ? product : gtinOf(processor.prefix, stage);
      current = [
        yield* this.#transform(
          processor,
          this.#blend(processor, current, stage),
          stage,
          gtin,
          `${this.#o.tag}L${this.#cycle}S${stage}`,
          last ? items : [],
        ),
      ];
    }
    const cases = yield* this.#pack(processor, items);
    const distributor = this.#pick(this.#by.distributor);
    yield* this.#palletise(processor, cases, distributor);
    yield* this.#distribute(distributor, cases);
  }

  *#distribute(distributor: ChainEnterprise, cases: string[]): Generator<ChainEvent> {
    const pool = [...(this.#distributorCases.get(distributor.id) ?? []), ...cases];
    if (pool.length < this.#o.casesPerPallet) {
      this.#distributorCases.set(distributor.id, pool);
      return;
    }
    this.#distributorCases.set(distributor.id, pool.slice(this.#o.casesPerPallet));
    const outgoing = pool.slice(0, this.#o.casesPerPallet);
    const retailer = this.#pick(this.#by.retailer);
    yield* this.#palletise(distributor, outgoing, retailer);
    yield this.#base('ObjectEvent', retailer, 'stocking', 'sellable_accessible', { action: 'OBSERVE', epcList: outgoing });
  }

  /** Up to `limit` events in time order. */
  *events(limit: number): Generator<ChainEvent> {
    let n = 0;
    while (n < limit) {
      for (const e of this.#cycleEvents()) {
        yield e;
        if (++n >= limit) return;
      }
    }
  }
}

/** One capture: a recorder's next `size` events in their order. */
export interface ChainBatch {
  readonly recorder: string;
  readonly events: Json[];
  /** Positions (in yield order) of earlier batches of other recorders this one needs on the ledger first. */
  readonly after: number[];
}

const ID_LISTS = ['epcList', 'childEPCs', 'inputEPCList', 'outputEPCList'] as const;
const QUANTITY_LISTS = ['quantityList', 'childQuantityList', 'inputQuantityList', 'outputQuantityList'] as const;

/** The identifiers an event names (what the ledger's write rules look at). */
export function idsOf(event: Json): string[] {
  const lists = ID_LISTS.flatMap((f) => (Array.isArray(event[f]) ? (event[f] as string[]) : []));
  const classes = QUANTITY_LISTS.flatMap((f) =>
    Array.isArray(event[f]) ? (event[f] as Array<{ epcClass: string }>).map((q) => q.epcClass) : [],
  );
  return [...lists, ...classes, ...(typeof event.parentID === 'string' ? [event.parentID] : [])];
}

interface OpenBatch {
  readonly recorder: string;
  readonly events: Json[];
  readonly needs: Set<OpenBatch | number>;
  position?: number;
}

/**
 * Groups the chain's events into per-recorder batches of `size` (the last ones may be smaller). The
 * write rules need an object's earlier events on the ledger (a receiving after its shipping), so a
 * batch comes after the batches of other recorders it depends on, and says which they are.
 */
export function* chainBatches(generator: ChainGenerator, limit: number, size: number): Generator<ChainBatch> {
  const open = new Map<string, OpenBatch>();
  const lastTouch = new Map<string, OpenBatch>();
  let yielded = 0;
  const emitting = new Set<OpenBatch>();
  // A cycle between open batches (none in this chain's one-way flow) is cut where it closes.
  function* emit(batch: OpenBatch): Generator<ChainBatch> {
    if (batch.position !== undefined || emitting.has(batch)) return;
    emitting.add(batch);
    open.delete(batch.recorder);
    for (const need of batch.needs) if (typeof need !== 'number') yield* emit(need);
    batch.position = yielded++;
    const after = [...batch.needs].map((n) => (typeof n === 'number' ? n : (n.position ?? -1))).filter((n) => n >= 0);
    yield { recorder: batch.recorder, events: batch.events, after: [...new Set(after)].sort((a, b) => a - b) };
  }
  for (const { recorder, event } of generator.events(limit)) {
    const batch = open.get(recorder) ?? { recorder, events: [], needs: new Set<OpenBatch | number>() };
    open.set(recorder, batch);
    for (const id of idsOf(event)) {
      const before = lastTouch.get(id);
      if (before && before !== batch && before.recorder !== recorder) batch.needs.add(before.position ?? before);
      lastTouch.set(id, batch);
    }
    batch.events.push(event);
    if (batch.events.length >= size) yield* emit(batch);
  }
  for (const batch of [...open.values()]) yield* emit(batch);
}

/** An EPCISDocument around `events`. */
export function epcisDocument(events: readonly Json[]): Json {
  return {
    '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: new Date().toISOString(),
    epcisBody: { eventList: events },
  };
}
