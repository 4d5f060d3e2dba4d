/** The two languages of the consumer page. */
export type Lang = 'zh' | 'en';

const STEPS: Readonly<Record<string, readonly [string, string]>> = {
  harvesting: ['采收', 'Harvested'],
  commissioning: ['生产', 'Produced'],
  creating_class_instance: ['加工', 'Processed'],
  packing: ['包装', 'Packed'],
  repackaging: ['重新包装', 'Repacked'],
  unpacking: ['拆包', 'Unpacked'],
  shipping: ['发货', 'Shipped'],
  departing: ['启运', 'Departed'],
  transporting: ['运输', 'In transport'],
  arriving: ['到达', 'Arrived'],
  receiving: ['收货', 'Received'],
  accepting: ['验收', 'Accepted'],
  loading: ['装车', 'Loaded'],
  unloading: ['卸货', 'Unloaded'],
  storing: ['入库储存', 'Stored'],
  stocking: ['上架', 'Stocked'],
  inspecting: ['检验', 'Inspected'],
  sampling: ['抽样', 'Sampled'],
  holding: ['暂存', 'Held'],
  retail_selling: ['零售', 'Sold at retail'],
  dispensing: ['配送', 'Dispensed'],
  destroying: ['销毁', 'Destroyed'],
  decommissioning: ['停用', 'Decommissioned'],
};

/** The label of a CBV bizStep word (or `harvesting`) in `lang`; unknown steps read "recorded". */
export function stepLabel(step: string, lang: Lang): string {
  const pair = STEPS[step];
  if (pair) return lang === 'zh' ? pair[0] : pair[1];
  return lang === 'zh' ? '记录' : 'Recorded';
}

const TEXT = {
  title: ['产品溯源', 'Product trace'],
  recallTitle: ['召回通知：请立即停止使用', 'RECALL: stop using this product now'],
  recallLots: ['涉及批次', 'Affected lots'],
  hazard: ['危险', 'Hazard'],
  consumerAction: ['您应该怎么做', 'What you should do'],
  remedy: ['补救措施', 'Remedy'],
  contact: ['联系方式', 'Contact'],
  recallOpened: ['召回发布日期', 'Recall issued'],
  notRecalled: ['本批次目前没有召回记录', 'No recall covers this lot'],
  product: ['产品', 'Product'],
  gtin: ['商品条码 (GTIN)', 'GTIN'],
  lot: ['批次', 'Lot'],
  serial: ['序列号', 'Serial'],
  brandOwner: ['品牌企业', 'Brand owner'],
  origin: ['产地', 'Origin'],
  place: ['地点', 'Place'],
  recalledProduct: ['被召回产品', 'Recalled product'],
  productionDate: ['生产日期', 'Production date'],
  harvestDate: ['采收日期', 'Harvest date'],
  expiryDate: ['保质期至', 'Use by'],
  bestBefore: ['最佳食用日期', 'Best before'],
  rawMaterial: ['原料产地', 'Raw material origin'],
  journey: ['流通旅程', 'Journey'],
  noJourney: ['暂无流通记录', 'No journey recorded yet'],
  standards: ['执行标准', 'Declared standards'],
  noStandards: ['企业尚未声明执行标准', 'No standard declared by the enterprise'],
  indicator: ['指标', 'Indicator'],
  safetyIndicators: ['安全、卫生、环保指标', 'Safety, health and environmental indicators'],
  otherIndicators: ['功能及性能指标', 'Functional and performance indicators'],
  belowRecommended: ['低于推荐性标准', 'Below the recommended standard'],
  effective: ['实施日期', 'Effective'],
  supervision: ['监督抽查', 'Spot checks'],
  conforming: ['合格', 'Conforming'],
  nonConforming: ['不合格', 'Non-conforming'],
  noSupervision: ['暂无抽查结果', 'No spot check yet'],
  ledger: ['区块链存证', 'Verified on the ledger'],
  ledgerIntro: [
    '以下记录由相关企业签名上链，不可篡改，可逐条核验。',
    'These records were signed by the enterprises that made them and kept on an append-only ledger; each can be checked.',
  ],
  block: ['区块', 'Block'],
  proof_event: ['流通记录', 'Supply-chain record'],
  proof_declaration: ['标准声明', 'Standard declaration'],
  proof_supervision: ['监督抽查', 'Spot check'],
  proof_recall: ['召回', 'Recall'],
  proof_inspection: ['双随机抽查', 'Random inspection'],
  inspection: ['品牌企业最近一次双随机抽查', "Brand owner's latest random inspection"],
  inspectionPass: ['合格', 'Passed'],
  inspectionFail: ['不合格', 'Failed'],
  value: ['要求', 'Requirement'],
  testMethod: ['检验方法', 'Test method'],
  verify: ['核验整个账本', 'Verify the whole ledger'],
  report: ['报告问题', 'Report a problem'],
  reportIntro: [
    '发现质量或安全问题？告诉品牌企业和监管部门。',
    'Found a quality or safety problem? Tell the brand owner and the regulator.',
  ],
  message: ['问题描述', 'What happened'],
  yourContact: ['联系方式（可选）', 'Your contact (optional)'],
  send: ['提交', 'Send'],
  thanks: ['感谢您的反馈，我们已转交品牌企业和监管部门。', 'Thank you. Your report was passed to the brand owner and the regulator.'],
  unknownCity: ['未公开地点', 'Undisclosed place'],
  unknownProduct: ['商品', 'Product'],
  errorTitle: ['无法识别此二维码', 'This code could not be read'],
  notFoundTitle: ['未找到此产品', 'Product not found'],
  notFoundText: ['本系统中没有此产品或批次的记录。', 'There is no record of this product or lot here.'],
  badLinkText: ['链接格式不正确', 'The link is not a valid GS1 Digital Link'],
  asOf: ['数据更新至区块', 'Data as of block'],
  switchTo: ['English', '中文'],
  footer: ['数据来自企业上链记录，仅展示公开信息。', 'From records the enterprises put on the ledger; only public information is shown.'],
} as const;

export type TextKey = keyof typeof TEXT;

/** A page string in `lang`. */
export function t(key: TextKey, lang: Lang): string {
  return TEXT[key][lang === 'zh' ? 0 : 1];
}

/**
 * The page language: `?lang=` when given, else the first of zh / en in `Accept-Language` by weight,
 * else Chinese.
 */
export function pickLang(acceptLanguage: string | undefined, queryLang: Lang | undefined): Lang {
  if (queryLang) return queryLang;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag, q: q === undefined ? 1 : Number(q) };
    })
    .filter((r) => r.q > 0 && (r.tag.startsWith('zh') || r.tag.startsWith('en')))
    .sort((a, b) => b.q - a.q);
  return ranked[0]?.tag.startsWith('en') ? 'en' : 'zh';
}
