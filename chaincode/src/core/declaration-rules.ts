import { invalid } from './errors';
import { IdentifierError, parseIdentifier } from './identifiers';

/** The kinds of standard an enterprise may declare (Standardization Law Art. 27). */
export const STANDARD_TYPES = ['GB', 'GB/T', 'industry', 'local', 'group', 'enterprise'] as const;
export type StandardType = (typeof STANDARD_TYPES)[number];

const SEQ_YEAR = String.raw`\d+(\.\d+)?[-—]\d{4}`;

/**
 * Accepted standard numbers per type. The year separator may be `-` or the official `—`.
 * - GB: `GB 2760-2014`; GB/T: `GB/T 19001-2016`
 * - industry: two-letter sector code other than GB/DB, optional `/T`: `NY/T 1234-2010`, `QB 1234-2008`
 * - local: `DB` + two-digit province code, optional `/T` or `/`: `DB31/T 1234-2020`, `DB11/ 1234-2015`
 * - group: `T/` + organisation code: `T/CCSA 123-2020`
 * - enterprise: `Q/` + enterprise code, then its own numbering: `Q/SYH 0001S-2020`
 */
export const STANDARD_NUMBER_PATTERNS: Readonly<Record<StandardType, RegExp>> = {
  GB: new RegExp(`^GB ${SEQ_YEAR}$`),
  'GB/T': new RegExp(`^GB/T ${SEQ_YEAR}$`),
  industry: new RegExp(`^(?!GB|DB)[A-Z]{2}(/T)? ${SEQ_YEAR}$`),
  local: new RegExp(`^DB\\d{2}(/T|/)? ?${SEQ_YEAR}$`),
  group: new RegExp(`^T/[A-Z0-9]+ ${SEQ_YEAR}$`),
  enterprise: /^Q\/[A-Z0-9]+ ?[A-Z0-9][A-Z0-9.\-—/]*$/,
};

/** Example numbers per type, for error messages and API documentation. */
export const STANDARD_NUMBER_EXAMPLES: Readonly<Record<StandardType, string>> = {
  GB: 'GB 2760-2014',
  'GB/T': 'GB/T 19001-2016',
  industry: 'NY/T 1234-2010',
  local: 'DB31/T 1234-2020',
  group: 'T/CCSA 123-2020',
  enterprise: 'Q/SYH 0001S-2020',
};

export const INDICATOR_KINDS = ['functional', 'performance', 'safety', 'health', 'environment'] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

export interface DeclaredProduct {
  /** GTIN, normalised to 14 digits. */
  readonly gtin: string;
  readonly name: string;
  readonly model: string;
  readonly category: string;
  readonly specification?: string;
  readonly commonName?: string;
}

export interface Indicator {
  readonly name: string;
  /** A value or a range as printed in the standard, e.g. `≤ 0.5`, `10–20`. */
  readonly value: string;
  readonly unit?: string;
  readonly testMethod: string;
  /** Safety, health and environment indicators are listed separately from functional/performance ones. */
  readonly kind: IndicatorKind;
}

/** What an enterprise declares; every version of a declaration carries the whole of it. */
export interface DeclarationContent {
  readonly products: readonly DeclaredProduct[];
  readonly standard: { readonly type: StandardType; readonly number: string; readonly name: string };
  readonly indicators: readonly Indicator[];
  readonly belowRecommended: boolean;
  readonly belowRecommendedExplanation?: string;
  /** `YYYY-MM-DD`. */
  readonly effectiveDate: string;
  /** SHA-256 (lower-case hex) of the standard's full text. */
  readonly documentSha256: string;
}

/** Whether `number` is a well-formed standard number of `type`. */
export function standardNumberMatches(type: StandardType, number: string): boolean {
  const pattern = STANDARD_NUMBER_PATTERNS[type];
  return pattern !== undefined && pattern.test(number);
}

/** The GTIN as 14 digits; INVALID when it is not a GTIN with a correct check digit. */
export function normaliseGtin(gtin: string): string {
  try {
    const parsed = parseIdentifier(`https://id.gs1.org/01/${gtin}`);
    if (parsed.gtin !== undefined && /^\d+$/.test(gtin)) return parsed.gtin;
  } catch (err) {
    if (!(err instanceof IdentifierError)) throw err;
  }
  throw invalid(`${gtin} is not a GTIN-8/12/13/14 with a correct check digit`);
}

function checkStandard(c: DeclarationContent): void {
  if (!STANDARD_TYPES.includes(c.standard.type)) throw invalid(`standard.type must be one of ${STANDARD_TYPES.join(', ')}`);
  if (!standardNumberMatches(c.standard.type, c.standard.number)) {
    throw invalid(
      `standard.number ${c.standard.number} is not a ${c.standard.type} number (like ${STANDARD_NUMBER_EXAMPLES[c.standard.type]})`,
    );
  }
  if (!c.standard.name?.trim()) throw invalid('standard.name is required');
}

function checkProducts(products: readonly DeclaredProduct[]): DeclaredProduct[] {
  if (!(products?.length > 0)) throw invalid('products must list at least one product');
  const out = products.map((p) => {
    if (!p.name?.trim() || !p.model?.trim() || !p.category?.trim()) throw invalid('every product needs name, model and category');
    const optional = {
      ...(p.specification ? { specification: p.specification } : {}),
      ...(p.commonName ? { commonName: p.commonName } : {}),
    };
    return { gtin: normaliseGtin(p.gtin), name: p.name, model: p.model, category: p.category, ...optional };
  });
  if (new Set(out.map((p) => p.gtin)).size !== out.length) throw invalid('products lists a GTIN twice');
  return out;
}

function checkIndicators(indicators: readonly Indicator[]): void {
  if (typeof indicators?.length !== 'number') throw invalid('indicators must be a list');
  const filled = (s: string | undefined): boolean => !!s?.trim();
  for (const i of indicators) {
    if (![i.name, i.value, i.testMethod].every(filled)) throw invalid('every indicator needs name, value and testMethod');
    if (!INDICATOR_KINDS.includes(i.kind)) throw invalid(`indicator kind must be one of ${INDICATOR_KINDS.join(', ')}`);
  }
}

/** Validates declaration content and returns it with GTINs normalised; INVALID names the first fault. */
export function checkDeclarationContent(c: DeclarationContent): DeclarationContent {
  checkStandard(c);
  const products = checkProducts(c.products);
  checkIndicators(c.indicators);
  if (typeof c.belowRecommended !== 'boolean') throw invalid('belowRecommended must be true or false');
  if (c.belowRecommended && !c.belowRecommendedExplanation?.trim())
    throw invalid('belowRecommendedExplanation is required when belowRecommended is true');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(c.effectiveDate) || Number.isNaN(Date.parse(c.effectiveDate)))
    throw invalid('effectiveDate must be YYYY-MM-DD');
  if (!/^[0-9a-f]{64}$/.test(c.documentSha256)) throw invalid('documentSha256 must be 64 lower-case hex digits');
  return {
    products,
    standard: { type: c.standard.type, number: c.standard.number, name: c.standard.name },
    indicators: c.indicators.map((i) => ({
      name: i.name,
      value: i.value,
      testMethod: i.testMethod,
      kind: i.kind,
      ...(i.unit ? { unit: i.unit } : {}),
    })),
    belowRecommended: c.belowRecommended,
    ...(c.belowRecommended ? { belowRecommendedExplanation: c.belowRecommendedExplanation } : {}),
    effectiveDate: c.effectiveDate,
    documentSha256: c.documentSha256,
  };
}
