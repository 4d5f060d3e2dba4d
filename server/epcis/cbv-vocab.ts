/** CBV 2.0 business steps (bare words). */
export const BIZ_STEPS = new Set([
  'accepting',
  'arriving',
  'assembling',
  'collecting',
  'commissioning',
  'consigning',
  'creating_class_instance',
  'cycle_counting',
  'decommissioning',
  'departing',
  'destroying',
  'disassembling',
  'dispensing',
  'encoding',
  'entering_exiting',
  'holding',
  'inspecting',
  'installing',
  'killing',
  'loading',
  'other',
  'packing',
  'picking',
  'receiving',
  'removing',
  'repackaging',
  'repairing',
  'replacing',
  'reserving',
  'retail_selling',
  'sampling',
  'sensor_reporting',
  'shipping',
  'staging_outbound',
  'stock_taking',
  'stocking',
  'storing',
  'transporting',
  'unloading',
  'unpacking',
  'void_shipping',
]);

/** CBV 2.0 dispositions (bare words). */
export const DISPOSITIONS = new Set([
  'active',
  'available',
  'completeness_inferred',
  'completeness_verified',
  'conformant',
  'container_closed',
  'container_open',
  'damaged',
  'destroyed',
  'dispensed',
  'disposed',
  'encoded',
  'expired',
  'in_progress',
  'in_transit',
  'inactive',
  'mismatch_class',
  'mismatch_instance',
  'mismatch_quantity',
  'needs_replacement',
  'no_pedigree_match',
  'non_conformant',
  'non_sellable_other',
  'partially_dispensed',
  'recalled',
  'reserved',
  'retail_sold',
  'returned',
  'sellable_accessible',
  'sellable_not_accessible',
  'stolen',
  'unavailable',
  'unknown',
]);

/** CBV source/destination types and business transaction types. */
export const SD_TYPES = new Set(['owning_party', 'possessing_party', 'location']);
export const BTT_TYPES = new Set([
  'bol',
  'cert',
  'desadv',
  'inv',
  'pedigree',
  'po',
  'poc',
  'prodorder',
  'recadv',
  'rma',
  'testprd',
  'testres',
  'upevt',
]);
export const ERROR_REASONS = new Set(['did_not_occur', 'incorrect_data']);

const FORMS: Readonly<Record<string, readonly [string, string]>> = {
  bizStep: ['urn:epcglobal:cbv:bizstep:', 'https://ref.gs1.org/cbv/BizStep-'],
  disposition: ['urn:epcglobal:cbv:disp:', 'https://ref.gs1.org/cbv/Disp-'],
  sdt: ['urn:epcglobal:cbv:sdt:', 'https://ref.gs1.org/cbv/SDT-'],
  btt: ['urn:epcglobal:cbv:btt:', 'https://ref.gs1.org/cbv/BTT-'],
  er: ['urn:epcglobal:cbv:er:', 'https://ref.gs1.org/cbv/ER-'],
};

/** The bare CBV word behind a word, URN or web URI; undefined for a custom (non-CBV) URI. */
export function cbvBareWord(kind: keyof typeof FORMS, value: string): string | undefined {
  for (const prefix of FORMS[kind] ?? []) if (value.startsWith(prefix)) return value.slice(prefix.length);
  return /^[a-z_]+$/.test(value) ? value : undefined;
}

/** A CBV value is valid when it is a known word in any of its forms, or a custom URI / CURIE. */
export function isValidCbv(kind: keyof typeof FORMS, vocabulary: ReadonlySet<string>, value: string): boolean {
  const word = cbvBareWord(kind, value);
  if (word !== undefined) return vocabulary.has(word);
  return /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(value);
}
