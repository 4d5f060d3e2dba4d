import crypto from 'node:crypto';
import { drawInspections, type DrawPlan } from '../../chaincode/src/core/supervision-draw';
import { verifyDrawCommand } from '../../server/cli/inspection-commands';
import { verifyDraw } from '../../server/features/supervision/draw-verification';
import { serveOnLoopback } from '../helpers/browser';
import { gln, glnId, gtin, lotId, uniquePrefix } from '../helpers/gs1';
import { registerEnterprise, regulatorKey, startTestService, type TestService } from '../helpers/test-service';

const auth = (key: string | undefined): [string, string] => ['Authorization', `Bearer ${key}`];
const objectEvent = (epcClass: string): object => ({
  type: 'ObjectEvent',
  eventID: `urn:uuid:${crypto.randomUUID()}`,
  eventTime: '2026-11-01T08:00:00+08:00',
  eventTimeZoneOffset: '+08:00',
  action: 'ADD',
  bizStep: 'commissioning',
  quantityList: [{ epcClass, quantity: 10, uom: 'KGM' }],
});
const declaration = (g: string): object => ({
  products: [{ gtin: g, name: 'Green tea', model: '250g', category: 'tea' }],
  standard: { type: 'enterprise', number: 'Q/SY 0001S-2026', name: 'Green tea' },
  indicators: [],
  effectiveDate: '2026-12-01',
  documentSha256: 'b'.repeat(64),
});
const lateIncident = (g: string): object => ({
  products: [g],
  occurredAt: '2026-11-20T09:00:00+08:00',
  awareAt: '2026-11-20T10:00:00+08:00',
  severity: 'other',
  description: 'A kettle lid came loose',
});

// An independent re-implementation of the documented algorithm (docs/supervision.md), sharing no code with the service.
function independentDraw(plan: DrawPlan, blockHash: string): Array<{ enterpriseId: string; inspectors: string[] }> {
  const seed = crypto.createHash('sha256').update(`suyuan-draw-v1\n${plan.id}\n${blockHash}`).digest();
  const rank = (v: string): string => crypto.createHmac('sha256', seed).update(v).digest('hex');
  const order = (a: [string, string], b: [string, string]): number => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1);
  const out: Array<{ enterpriseId: string; inspectors: string[] }> = [];
  for (const grade of [1, 2, 3] as const) {
    const ids = plan.targets
      .filter((t) => t.grade === grade)
      .map((t): [string, string] => [rank(t.enterpriseId), t.enterpriseId])
      .sort(order);
    const count = Math.ceil((ids.length * plan.rules.ratioPercentByGrade[String(grade) as '1']) / 100);
    for (const [, id] of ids.slice(0, count)) {
      const inspectors = plan.inspectors
        .filter((i) => !i.excludes.includes(id))
        .map((i): [string, string] => [rank(`${id}:${i.id}`), i.id])
        .sort(order);
      out.push({ enterpriseId: id, inspectors: inspectors.slice(0, plan.rules.inspectorsPerTarget).map(([, i]) => i) });
    }
  }
  return out;
}

describe('supervision: risk grades, double-random inspections, public results, credit records', () => {
  let t: TestService;
  let reg: string;
  const ids = { a: `sa-${uniquePrefix()}`, b: `sb-${uniquePrefix()}`, c: `sc-${uniquePrefix()}`, d: `sd-${uniquePrefix()}` };
  const keys: Record<string, string> = {};
  let prefixA = '';
  let planId = '';

  beforeAll(async () => {
    t = await startTestService({ PUBLIC_RATE_LIMIT_PER_MIN: '0' });
    reg = await regulatorKey(t);
    prefixA = uniquePrefix();
    keys.a = await registerEnterprise(t, {
      id: ids.a,
      companyPrefixes: [prefixA],
      locations: [{ id: glnId(gln(prefixA, 1)), city: '安溪', province: '福建' }],
    });
    const prefixB = uniquePrefix();
    keys.b = await registerEnterprise(t, { id: ids.b, companyPrefixes: [prefixB] });
    keys.c = await registerEnterprise(t, { id: ids.c, companyPrefixes: [uniquePrefix()] });
    keys.d = await registerEnterprise(t, { id: ids.d, companyPrefixes: [uniquePrefix()] });
    // A: a late incident report (20), a recall (25), a withdrawn declaration (3), a non-conforming spot check (15) = 63, grade 1.
    expect(
      (
        await t.http
          .post('/incidents')
          .set(...auth(keys.a))
          .send(lateIncident(gtin(prefixA, 1)))
      ).status,
    ).toBe(201);
    const lot = lotId(gtin(prefixA, 2), 'L1');
    expect(
      (
        await t.http
          .post('/events')
          .set(...auth(keys.a))
          .send(objectEvent(lot))
      ).status,
    ).toBe(201);
    expect(
      (
        await t.http
          .post('/recalls')
          .set(...auth(reg))
          .send({ lots: [lot], reason: 'glass fragments', hazard: 'cuts', severityClass: 'II', consumerAction: 'return it' })
      ).status,
    ).toBe(201);
    const withdrawn = (
      await t.http
        .post('/declarations')
        .set(...auth(keys.a))
        .send(declaration(gtin(prefixA, 3)))
    ).body.declaration.id as string;
    expect(
      (
        await t.http
          .post(`/declarations/${withdrawn}/withdraw`)
          .set(...auth(keys.a))
          .send({ reason: 'replaced' })
      ).status,
    ).toBe(200);
    const checked = (
      await t.http
        .post('/declarations')
        .set(...auth(keys.a))
        .send(declaration(gtin(prefixA, 4)))
    ).body.declaration.id as string;
    expect(
      (
        await t.http
          .post(`/declarations/${checked}/supervision`)
          .set(...auth(reg))
          .send({ result: 'non-conforming', notes: 'tea polyphenols below the declared value' })
      ).status,
    ).toBe(201);
    // B: a late incident report (20), grade 2. C and D: nothing, grade 3.
    expect(
      (
        await t.http
          .post('/incidents')
          .set(...auth(keys.b))
          .send(lateIncident(gtin(prefixB, 1)))
      ).status,
    ).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('grades enterprises from their credit records, with each factor and its records', async () => {
    const res = await t.http.get('/regulator/risk').set(...auth(reg));
    expect(res.status).toBe(200);
    const byId = new Map((res.body.enterprises as Array<Record<string, any>>).map((e) => [e.enterpriseId, e]));
    const a = byId.get(ids.a);
    expect(a).toMatchObject({ grade: 1, score: 63 });
    expect(Object.fromEntries(a?.factors.map((f: any) => [f.kind, [f.count, f.points]]))).toEqual({
      'late-incident-report': [1, 20],
      recall: [1, 25],
      'withdrawn-declaration': [1, 3],
      'non-conforming-spot-check': [1, 15],
    });
    expect(a?.factors.every((f: any) => f.records.length === 1 && /^\//.test(f.records[0].link) && f.records[0].txId)).toBe(true);
    expect(a?.measures.length).toBeGreaterThan(0);
    expect(byId.get(ids.b)).toMatchObject({ grade: 2, score: 20, measures: [] });
    expect(byId.get(ids.c)).toMatchObject({ grade: 3, score: 0, factors: [] });
    expect(res.body.rules.version).toMatch(/^suyuan-risk-/);
    expect(res.body.asOfHeight).toBeGreaterThan(0);
  });

  it('records a grading run on the ledger: who graded whom, when, under which rules', async () => {
    const res = await t.http.post('/regulator/risk/grade').set(...auth(reg));
    expect(res.status).toBe(201);
    expect(res.body.grading.recordedBy.role).toBe('regulator');
    expect(res.body.grading.rules.version).toMatch(/^suyuan-risk-/);
    const tx = await t.http.get(`/ledger/tx/${res.body.grading.txId}`);
    expect(tx.body.fn).toBe('RecordRiskGrading');
    const risk = await t.http.get('/regulator/risk').set(...auth(reg));
    expect(risk.body.runs[0].id).toBe(res.body.grading.id);
    expect(risk.body.enterprises.find((e: any) => e.enterpriseId === ids.a).recorded).toMatchObject({
      grade: 1,
      gradingId: res.body.grading.id,
    });
    expect((await t.http.post('/regulator/risk/grade').set(...auth(keys.a))).status).toBe(403);
  });

  it('keeps the standing lists on the ledger and plans from them (一单两库一细则)', async () => {
    expect(
      (
        await t.http
          .post('/inspections/items')
          .set(...auth(reg))
          .send({ id: 'label', name: 'Labelling', basis: 'GB 7718' })
      ).status,
    ).toBe(201);
    expect((await t.http.get('/inspections/items')).body.items).toEqual([expect.objectContaining({ id: 'label', name: 'Labelling' })]);
    for (const [id, excludes, active] of [
      ['p1', [ids.a], true],
      ['p2', [], true],
      ['p3', [], true],
      ['p4', [], false],
    ] as const) {
      expect(
        (
          await t.http
            .post('/inspections/inspectors')
            .set(...auth(reg))
            .send({ id, name: `Pool ${id}`, excludes, active })
        ).status,
      ).toBe(201);
    }
    expect(
      (
        await t.http
          .post('/inspections/inspectors')
          .set(...auth(keys.a))
          .send({ id: 'p9', name: 'self' })
      ).status,
    ).toBe(403);
    expect((await t.http.get('/inspections/inspectors').set(...auth(reg))).body.inspectors).toHaveLength(4);
    const pool = async (q: string): Promise<string[]> =>
      ((await t.http.get(`/inspections/targets?${q}`).set(...auth(reg))).body.targets as Array<{ enterpriseId: string }>).map(
        (x) => x.enterpriseId,
      );
    expect(await pool('grade=1')).toEqual([ids.a]);
    expect(await pool(`region=${encodeURIComponent('福建')}`)).toEqual([ids.a]);
    expect(await pool('category=tea')).toEqual([ids.a]);
    expect((await t.http.get('/inspections/rules')).body.inspection.ratioPercentByGrade['1']).toBeGreaterThan(0);
    const plan = await t.http
      .post('/inspections/plans')
      .set(...auth(reg))
      .send({ title: 'from the standing lists', targets: { enterprises: [ids.a, ids.c] } });
    expect(plan.status).toBe(201);
    expect(plan.body.items.map((i: any) => i.id)).toEqual(['label']);
    expect(plan.body.inspectors.map((i: any) => i.id)).toEqual(['p1', 'p2', 'p3']);
    expect(plan.body.targets).toEqual(
      [
        { enterpriseId: ids.a, grade: 1 },
        { enterpriseId: ids.c, grade: 3 },
      ].sort((x, y) => x.enterpriseId.localeCompare(y.enterpriseId)),
    );
  });

  it('refuses a plan in which a target has too few eligible inspectors', async () => {
    const res = await t.http
      .post('/inspections/plans')
      .set(...auth(reg))
      .send({
        title: 'understaffed',
        items: [{ id: 'label', name: 'Labelling' }],
        targets: { enterprises: [ids.a] },
        inspectors: [
          { id: 'i1', name: 'Inspector 1', excludes: [ids.a] },
          { id: 'i2', name: 'Inspector 2' },
        ],
      });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/eligible inspectors/);
  });

  it('records a plan first and draws only once the seed block exists', async () => {
    const res = await t.http
      .post('/inspections/plans')
      .set(...auth(reg))
      .send({
        title: '2026 Q4 tea spot checks',
        items: [
          { id: 'label', name: 'Labelling' },
          { id: 'std', name: 'Declared standard', basis: 'GB/T 18665' },
        ],
        targets: { enterprises: [ids.a, ids.b, ids.c, ids.d] },
        inspectors: [
          { id: 'i1', name: 'Inspector 1', excludes: [ids.a] },
          { id: 'i2', name: 'Inspector 2' },
          { id: 'i3', name: 'Inspector 3', excludes: [ids.b, ids.a] },
          { id: 'i4', name: 'Inspector 4' },
        ],
        rules: { version: 'test-rules-1', ratioPercentByGrade: { '1': 100, '2': 100, '3': 50 }, inspectorsPerTarget: 2 },
      });
    expect(res.status).toBe(201);
    planId = res.body.id as string;
    expect(res.body).toMatchObject({ status: 'awaiting-draw', seedBlock: res.body.blockNumber + 1 });
    expect(res.body.targets).toEqual(
      [
        { enterpriseId: ids.a, grade: 1 },
        { enterpriseId: ids.b, grade: 2 },
        { enterpriseId: ids.c, grade: 3 },
        { enterpriseId: ids.d, grade: 3 },
      ].sort((x, y) => x.enterpriseId.localeCompare(y.enterpriseId)),
    );
    const early = await t.http.post(`/inspections/plans/${planId}/draw`).set(...auth(reg));
    expect(early.status).toBe(409);
    expect(early.body.detail).toMatch(/seed block/);
    await registerEnterprise(t, { id: `se-${uniquePrefix()}`, companyPrefixes: [uniquePrefix()] });
    const drawn = await t.http.post(`/inspections/plans/${planId}/draw`).set(...auth(reg));
    expect(drawn.status).toBe(201);
    expect(drawn.body.draw.seedBlock).toBe(res.body.blockNumber + 1);
    expect(drawn.body.draw.targets.map((x: any) => x.enterpriseId).slice(0, 2)).toEqual([ids.a, ids.b]);
    expect(drawn.body.draw.targets).toHaveLength(3);
    expect((await t.http.post(`/inspections/plans/${planId}/draw`).set(...auth(reg))).status).toBe(409);
  });

  it('never draws an inspector for an enterprise they are excluded from', async () => {
    const plan = (await t.http.get(`/inspections/plans/${planId}`)).body;
    for (const target of plan.draw.targets) {
      for (const i of target.inspectors)
        expect(plan.inspectors.find((x: any) => x.id === i.id).excludes).not.toContain(target.enterpriseId);
      expect(target.inspectors).toHaveLength(2);
    }
    for (let n = 0; n < 300; n += 1) {
      const seed = crypto.createHash('sha256').update(`s${n}`).digest('hex');
      const targets = Array.from({ length: 12 }, (_, k) => ({ enterpriseId: `e${k}`, grade: ((k % 3) + 1) as 1 | 2 | 3 }));
      const inspectors = Array.from({ length: 8 }, (_, k) => ({
        id: `i${k}`,
        name: `I${k}`,
        excludes: targets.filter((_t, j) => (j * 7 + k * 3 + n) % 4 === 0).map((x) => x.enterpriseId),
      }));
      for (const drawn of drawInspections(
        { id: 'ip_property', rules: { ratioPercentByGrade: { '1': 100, '2': 60, '3': 30 }, inspectorsPerTarget: 2 }, targets, inspectors },
        seed,
      )) {
        for (const i of drawn.inspectors) expect(inspectors.find((x) => x.id === i.id)?.excludes).not.toContain(drawn.enterpriseId);
      }
    }
  });

  it('lets anyone re-run the draw from public data: the CLI and an independent re-implementation agree', async () => {
    const server = await serveOnLoopback(t.app);
    try {
      const lines: string[] = [];
      expect(await verifyDrawCommand([planId, '--url', server.origin], (l) => lines.push(l))).toBe(0);
      expect(lines.at(-1)).toMatch(/matches/);
    } finally {
      await server.close();
    }
    const plan = (await t.http.get(`/inspections/plans/${planId}`)).body;
    const planBlock = (await t.http.get(`/ledger/tx/${plan.txId}`)).body.blockNumber as number;
    const block = (await t.http.get(`/ledger/blocks/${planBlock + plan.seedDelayBlocks}`)).body;
    expect(block.hash).toBe(plan.draw.seedBlockHash);
    expect(independentDraw(plan, block.hash)).toEqual(
      plan.draw.targets.map((x: any) => ({ enterpriseId: x.enterpriseId, inspectors: x.inspectors.map((i: any) => i.id) })),
    );
  });

  it("says a draw does not match when the seed block hash is not the ledger's", async () => {
    const get = async (path: string): Promise<unknown> => {
      const body = (await t.http.get(path)).body;
      return path.startsWith('/ledger/blocks/') ? { ...body, hash: 'f'.repeat(64) } : body;
    };
    const result = await verifyDraw(get, planId);
    expect(result.matches).toBe(false);
    expect(result.checks.filter((c) => !c.ok).map((c) => c.check)).toEqual(expect.arrayContaining(['seed block hash', 'seed']));
  });

  it('records results of drawn targets only, once each, and publishes them', async () => {
    const fail = await t.http
      .post(`/inspections/${planId}/results`)
      .set(...auth(reg))
      .send({
        enterpriseId: ids.a,
        outcome: 'fail',
        findings: 'labels omit the producer address',
        lots: [lotId(gtin(prefixA, 2), 'L1')],
        documentHash: 'c'.repeat(64),
      });
    expect(fail.status).toBe(201);
    expect(fail.body).toMatchObject({ outcome: 'fail', planId, enterpriseId: ids.a });
    expect(
      (
        await t.http
          .post(`/inspections/${planId}/results`)
          .set(...auth(reg))
          .send({ enterpriseId: ids.a, outcome: 'pass', findings: 'again' })
      ).status,
    ).toBe(409);
    expect(
      (
        await t.http
          .post(`/inspections/${planId}/results`)
          .set(...auth(keys.a))
          .send({ enterpriseId: ids.a, outcome: 'pass', findings: 'self' })
      ).status,
    ).toBe(403);
    const plan = (await t.http.get(`/inspections/plans/${planId}`)).body;
    const notDrawn = [ids.c, ids.d].find((id) => !plan.draw.targets.some((x: any) => x.enterpriseId === id));
    expect(
      (
        await t.http
          .post(`/inspections/${planId}/results`)
          .set(...auth(reg))
          .send({ enterpriseId: notDrawn, outcome: 'pass', findings: 'x' })
      ).status,
    ).toBe(409);
    const pub = await t.http.get('/public/inspections');
    expect(pub.body.plans[0].results[0]).toMatchObject({ enterpriseId: ids.a, outcome: 'fail' });
    const html = await t.http.get('/public/inspections').set('Accept', 'text/html');
    expect(html.text).toContain('labels omit the producer address');
    const product = await t.http.get(`/01/${gtin(prefixA, 2)}/10/L1`).set('Accept', 'application/json');
    expect(product.body.inspection).toMatchObject({ outcome: 'fail', planId, txId: fail.body.txId });
  });

  it('keeps a public credit record that feeds the risk grade', async () => {
    const credit = await t.http.get(`/enterprises/${ids.a}/credit`);
    expect(credit.status).toBe(200);
    const kinds = (credit.body.entries as Array<{ kind: string }>).map((e) => e.kind).sort();
    expect(kinds).toEqual(['failed-inspection', 'late-incident-report', 'non-conforming-spot-check', 'recall', 'withdrawn-declaration']);
    expect(credit.body.entries.every((e: any) => e.txId && e.at && e.link)).toBe(true);
    expect((await t.http.get(`/enterprises/${ids.c}/credit`)).body.entries).toEqual([]);
    expect((await t.http.get('/enterprises/nobody-here/credit')).status).toBe(404);
    const risk = await t.http.get('/regulator/risk').set(...auth(reg));
    expect(risk.body.enterprises.find((e: any) => e.enterpriseId === ids.a).score).toBe(93);
  });

  it('raises early warnings from the index, each with its evidence, also as Prometheus metrics', async () => {
    const teaGtin = gtin(prefixA, 4);
    const lot = lotId(gtin(prefixA, 2), 'L1');
    const selling = {
      ...objectEvent(lot),
      action: 'OBSERVE',
      bizStep: 'retail_selling',
      quantityList: [{ epcClass: lot, quantity: 1, uom: 'KGM' }],
    };
    const sold = await t.http
      .post('/events')
      .set(...auth(keys.a))
      .send(selling);
    expect(sold.status).toBe(201);
    for (let n = 0; n < 2; n += 1)
      expect(
        (
          await t.http
            .post('/incidents')
            .set(...auth(keys.a))
            .send(lateIncident(teaGtin))
        ).status,
      ).toBe(201);
    for (let n = 0; n < 3; n += 1)
      expect((await t.http.post('/complaints').send({ subjectId: lotId(teaGtin, 'T1'), message: `bitter taste ${n}` })).status).toBe(201);
    const res = await t.http.get('/regulator/warnings').set(...auth(reg));
    expect(res.status).toBe(200);
    const of = (kind: string): any[] => res.body.warnings.filter((w: any) => w.kind === kind);
    expect(of('recalled-lot-still-moving')).toEqual([
      expect.objectContaining({
        subject: lot,
        evidence: [expect.objectContaining({ eventID: (selling as any).eventID, bizStep: expect.stringContaining('retail_selling') })],
      }),
    ]);
    expect(of('repeated-incidents')).toEqual([expect.objectContaining({ subject: 'tea', enterpriseIds: [ids.a] })]);
    expect(of('repeated-incidents')[0].evidence).toHaveLength(2);
    expect(of('complaint-spike')).toEqual([expect.objectContaining({ subject: teaGtin })]);
    expect(
      of('overdue-incident-report')
        .map((w) => w.enterpriseIds[0])
        .sort(),
    ).toEqual([ids.a, ids.a, ids.a, ids.b].sort());
    expect((await t.http.get('/regulator/warnings').set(...auth(keys.a))).status).toBe(403);
    const metrics = await t.http.get('/metrics');
    expect(metrics.text).toMatch(/suyuan_supervision_warnings\{kind="recalled-lot-still-moving"\} 1/);
    expect(metrics.text).toMatch(/suyuan_supervision_warnings\{kind="overdue-incident-report"\} 4/);
  });

  it('keeps every supervision table equal to a replay of the ledger', async () => {
    const res = await t.http.get('/ledger/verify').set(...auth(t.adminKey));
    expect(res.body.index.ok).toBe(true);
    expect(res.body.index.drift).toEqual([]);
  });
});
