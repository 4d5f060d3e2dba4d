import type { Knex } from 'knex';
import type { Indicator } from '../../../chaincode/src/core/declaration-rules';
import { listDeclarations, listSupervision } from '../declarations/declaration-queries';

/** A declared standard as consumers see it, with the key indicators and the regulator's spot checks. */
export interface PublicStandard {
  readonly type: string;
  readonly number: string;
  readonly name: string;
  readonly version: number;
  readonly effectiveDate: string;
  readonly indicators: ReadonlyArray<Pick<Indicator, 'name' | 'value' | 'unit' | 'testMethod' | 'kind'>>;
  readonly belowRecommended: boolean;
  readonly belowRecommendedExplanation?: string;
  readonly supervision: ReadonlyArray<{
    readonly result: string;
    readonly date: string;
    readonly notes: string;
    readonly txId: string;
    readonly blockNumber: number;
  }>;
  readonly txId: string;
  readonly blockNumber: number;
}

/** Product master data from a declaration (name, model, specification). */
export interface DeclaredProductInfo {
  readonly name: string;
  readonly model?: string;
  readonly specification?: string;
  readonly category?: string;
}

function indicatorsOf(list: readonly Indicator[]): PublicStandard['indicators'] {
  return list.map((i) => ({ name: i.name, value: i.value, ...(i.unit ? { unit: i.unit } : {}), testMethod: i.testMethod, kind: i.kind }));
}

/**
 * The active declarations that name the GTIN, as public standards, and the product data they carry.
 * Spot checks are listed for the current version only.
 */
export async function declarationsForGtin(
  knex: Knex,
  gtin: string,
): Promise<{ standards: PublicStandard[]; product?: DeclaredProductInfo }> {
  const rows = await listDeclarations(knex, { gtin, status: 'active', limit: 20, offset: 0 });
  const standards: PublicStandard[] = [];
  let product: DeclaredProductInfo | undefined;
  for (const row of rows) {
    const current = row.record.versions[row.record.versions.length - 1];
    if (!current) continue;
    const declared = current.products.find((p) => p.gtin === gtin);
    if (declared && !product)
      product = {
        name: declared.name,
        model: declared.model,
        category: declared.category,
        ...(declared.specification ? { specification: declared.specification } : {}),
      };
    const checks = (await listSupervision(knex, row.record.id)).filter((s) => s.version === current.version);
    standards.push({
      type: current.standard.type,
      number: current.standard.number,
      name: current.standard.name,
      version: current.version,
      effectiveDate: current.effectiveDate,
      indicators: indicatorsOf(current.indicators),
      belowRecommended: current.belowRecommended,
      ...(current.belowRecommendedExplanation ? { belowRecommendedExplanation: current.belowRecommendedExplanation } : {}),
      supervision: checks.map((s) => ({
        result: s.result,
        date: s.recordedAt.slice(0, 10),
        notes: s.notes,
        txId: s.txId,
        blockNumber: s.blockNumber,
      })),
      txId: current.txId,
      blockNumber: row.blockNumber,
    });
  }
  return { standards, ...(product ? { product } : {}) };
}
