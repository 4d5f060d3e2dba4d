import { gs1CheckDigit } from '../../chaincode/src/core/identifiers';
import type { Location } from '../../chaincode/src/core/model';

const ORIGIN = 'https://id.gs1.org';

function withCheck(data: string): string {
  return `${data}${gs1CheckDigit(data)}`;
}

/** A demo enterprise: who it is, its company prefix, its one site and its party id. */
export interface DemoEnterprise {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly location: Location & { readonly id: string };
  readonly party: string;
}

function enterprise(id: string, name: string, prefix: string, site: string, city: string, province: string): DemoEnterprise {
  return {
    id,
    name,
    prefix,
    location: { id: `${ORIGIN}/414/${withCheck(`${prefix}00001`)}`, name: site, city, province, country: 'CN' },
    party: `${ORIGIN}/417/${withCheck(`${prefix}00000`)}`,
  };
}

/** The three enterprises of the demo chain: a tea farm, a tea processor and a supermarket. */
export const DEMO = {
  farm: enterprise('demo-anxi-tea-farm', '安溪县祥华乡生态茶园专业合作社', '6970001', '祥华乡茶园基地', '安溪县', '福建省'),
  processor: enterprise('demo-xiamen-tea', '厦门鹭岛茶业有限公司', '6970002', '厦门湖里加工厂', '厦门市', '福建省'),
  retailer: enterprise('demo-shanghai-market', '上海优鲜超市有限公司', '6970003', '徐汇门店', '上海市', '上海市'),
} as const;

/** GTIN of the fresh leaf the farm sells and of the packed tea the processor brands. */
export const LEAF_GTIN = withCheck('06970001' + '00011');
export const TEA_GTIN = withCheck('06970002' + '00101');

export const LEAF_LOTS = ['AX2610A', 'AX2610B'] as const;
export const TEA_LOTS = { clean: 'TGY261012A', recalled: 'TGY261013B' } as const;

export const lotId = (gtin: string, lot: string): string => `${ORIGIN}/01/${gtin}/10/${lot}`;
export const ssccId = (prefix: string, serial: string): string => `${ORIGIN}/00/${withCheck(`0${prefix}${serial}`)}`;

/** The standard the processor declares for its tea (a national recommended standard). */
export const DEMO_DECLARATION = {
  id: 'dcl_demo_anxi_tieguanyin',
  products: [
    {
      gtin: TEA_GTIN,
      name: '安溪铁观音（清香型）',
      model: '特级 250g',
      category: '茶叶',
      specification: '250 g 罐装',
      commonName: '乌龙茶',
    },
  ],
  standard: { type: 'GB/T', number: 'GB/T 19598-2006', name: '地理标志产品 安溪铁观音' },
  indicators: [
    { name: '水分', value: '≤ 7.5', unit: '%', testMethod: 'GB 5009.3', kind: 'performance' },
    { name: '总灰分', value: '≤ 6.5', unit: '%', testMethod: 'GB 5009.4', kind: 'performance' },
    { name: '水浸出物', value: '≥ 32', unit: '%', testMethod: 'GB/T 8305', kind: 'functional' },
    { name: '铅（以 Pb 计）', value: '≤ 5.0', unit: 'mg/kg', testMethod: 'GB 5009.12', kind: 'safety' },
    { name: '农药残留', value: '符合 GB 2763', testMethod: 'GB 23200.113', kind: 'safety' },
  ],
  belowRecommended: false,
  effectiveDate: '2026-01-01',
  documentSha256: 'a3f1c0e25b7d4e8f9a6b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5',
} as const;

/** The recall a market regulator opens for the processed lot found non-conforming. */
export const DEMO_RECALL_NOTICE = {
  hazard:
    '抽检发现联苯菊酯（农药）残留超过 GB 2763 限量，长期饮用可能危害健康。 / Bifenthrin (pesticide) residue above the GB 2763 limit was found; drinking it over time may harm health.',
  consumerAction: '请立即停止饮用本批次产品，不要丢弃，保留包装。 / Stop drinking this lot now; keep the pack, do not throw it away.',
  remedy: '凭包装或购物小票到购买门店全额退款，无需其他凭证。 / Full refund at the shop where you bought it, with the pack or the receipt.',
  contact:
    '厦门鹭岛茶业客服 400-800-1234（9:00-21:00）；市场监管投诉 12315 / Customer service 400-800-1234; market regulator hotline 12315',
} as const;
