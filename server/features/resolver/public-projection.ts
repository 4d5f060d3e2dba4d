import type { PublicEnterpriseRow, PublicEventRow } from './public-trace-queries';

/** A place as consumers may see it: never a name, never an id — city level at most. */
export interface PublicPlace {
  readonly city?: string;
  readonly province?: string;
  readonly country?: string;
}

/** One step of the journey: a day, what happened (a CBV bizStep word or `harvesting`), and where. */
export interface JourneyStep extends PublicPlace {
  readonly date: string;
  readonly step: string;
}

/** Where and when the product (or one of its raw materials) came into being. */
export interface PublicOrigin extends PublicPlace {
  readonly kind: 'harvest' | 'production';
  readonly productionDate?: string;
  readonly harvestStartDate?: string;
  readonly harvestEndDate?: string;
  readonly expiryDate?: string;
  readonly bestBeforeDate?: string;
}

/** A transaction a consumer can look up on the ledger. */
export interface LedgerProof {
  readonly txId: string;
  readonly blockNumber: number;
  /** What the transaction recorded. */
  readonly kind: ProofKind;
}

export type ProofKind = 'event' | 'declaration' | 'supervision' | 'recall' | 'inspection';

const ILMD_DATES: ReadonlyArray<readonly [keyof PublicOrigin, readonly string[]]> = [
  ['productionDate', ['cbvmda:productionDate', 'productionDate']],
  ['harvestStartDate', ['cbvmda:harvestStartDate', 'harvestStartDate']],
  ['harvestEndDate', ['cbvmda:harvestEndDate', 'harvestEndDate']],
  ['expiryDate', ['cbvmda:itemExpirationDate', 'itemExpirationDate', 'cbvmda:sellByDate']],
  ['bestBeforeDate', ['cbvmda:bestBeforeDate', 'bestBeforeDate']],
];

const DATE = /^\d{4}-\d{2}-\d{2}/;

/** Resolves location ids (GLN Digital Links, with or without a `/254/` extension) to public places. */
export function placeResolver(enterprises: readonly PublicEnterpriseRow[]): (locationId: string | null) => PublicPlace {
  const places = new Map<string, PublicPlace>();
  for (const e of enterprises) {
    for (const l of e.locations ?? []) {
      places.set(l.id, {
        ...(l.city ? { city: l.city } : {}),
        ...(l.province ? { province: l.province } : {}),
        ...(l.country ? { country: l.country } : {}),
      });
    }
  }
  return (id) => (id ? (places.get(id) ?? places.get(id.replace(/\/254\/[^/]+$/, '')) ?? {}) : {});
}

/** The enterprise whose company prefix covers the GTIN (longest prefix wins). */
export function brandOwner(enterprises: readonly PublicEnterpriseRow[], gtin: string): PublicEnterpriseRow | undefined {
  let best: PublicEnterpriseRow | undefined;
  let bestLength = 0;
  for (const e of enterprises) {
    for (const p of e.company_prefixes ?? []) {
      if (gtin.startsWith(p, 1) && p.length > bestLength) [best, bestLength] = [e, p.length];
    }
  }
  return best;
}

/** The calendar day of an event where it happened (its own time-zone offset). */
export function localDate(time: Date, offset: string | null): string {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(offset ?? '');
  const minutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  return new Date(new Date(time).getTime() + minutes * 60000).toISOString().slice(0, 10);
}

function ilmdDates(ilmd: Readonly<Record<string, unknown>> | null): Partial<PublicOrigin> {
  const out: Record<string, string> = {};
  for (const [field, keys] of ILMD_DATES) {
    const value = keys.map((k) => ilmd?.[k]).find((v) => typeof v === 'string' && DATE.test(v));
    if (typeof value === 'string') out[field] = value.slice(0, 10);
  }
  return out;
}

/** Whether the row is the event that brought the node into being (commissioning or transformation output). */
export function createsNode(row: PublicEventRow): boolean {
  return (
    (row.event_type === 'ObjectEvent' && row.action === 'ADD' && row.role === 'epc') ||
    (row.event_type === 'TransformationEvent' && row.role === 'output')
  );
}

function isHarvest(row: PublicEventRow): boolean {
  return Object.keys(row.ilmd ?? {}).some((k) => /harvest/i.test(k));
}

/** The step word of an event as the public sees it. */
export function publicStep(row: PublicEventRow): string {
  if (createsNode(row) && isHarvest(row)) return 'harvesting';
  if (row.biz_step) return row.biz_step.includes(':') ? 'other' : row.biz_step;
  if (row.event_type === 'TransformationEvent') return 'creating_class_instance';
  return row.event_type === 'ObjectEvent' && row.action === 'ADD' ? 'commissioning' : 'other';
}

/** The origin of a node from its creating event: place, and the dates its ILMD states. */
export function originOf(row: PublicEventRow, placeOf: (id: string | null) => PublicPlace): PublicOrigin {
  const dates = ilmdDates(row.ilmd);
  const kind = isHarvest(row) ? 'harvest' : 'production';
  const fallback = kind === 'production' && !dates.productionDate ? { productionDate: localDate(row.event_time, row.time_zone) } : {};
  return { kind, ...placeOf(row.biz_location ?? row.read_point), ...fallback, ...dates };
}

/** The journey: one entry per (day, step, place), in time order. */
export function journeyOf(rows: readonly PublicEventRow[], placeOf: (id: string | null) => PublicPlace): JourneyStep[] {
  const seen = new Set<string>();
  const steps: JourneyStep[] = [];
  for (const row of rows) {
    const step: JourneyStep = {
      date: localDate(row.event_time, row.time_zone),
      step: publicStep(row),
      ...placeOf(row.biz_location ?? row.read_point),
    };
    const key = `${step.date}|${step.step}|${step.city ?? ''}|${step.province ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    steps.push(step);
  }
  return steps;
}

/** Distinct transactions, in ledger order. */
export function proofsOf(
  refs: ReadonlyArray<{ readonly tx_id: string; readonly block_number: string | number; readonly kind: ProofKind }>,
): LedgerProof[] {
  const byTx = new Map<string, LedgerProof>();
  for (const r of refs) byTx.set(r.tx_id, { txId: r.tx_id, blockNumber: Number(r.block_number), kind: r.kind });
  return [...byTx.values()].sort((a, b) => a.blockNumber - b.blockNumber || a.txId.localeCompare(b.txId));
}
