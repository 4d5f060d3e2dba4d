import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import type { DemoPages } from '../../server/demo/seed-demo';
import { describeWithChromium, openPageRig, OUTPUT, type PageRig } from '../helpers/browser';
import { regulatorKey, type TestService } from '../helpers/test-service';

describeWithChromium('supervision pages in a browser', () => {
  let rig: PageRig;
  let t: TestService;
  let origin: string;
  let pages: DemoPages;
  let browser: BrowserContext;
  let reg: string;
  let ownerId: string;
  let planId: string;

  const post = async (url: string, body: object = {}): Promise<any> => {
    const res = await t.http.post(url).set('Authorization', `Bearer ${reg}`).send(body);
    if (res.status !== 201) throw new Error(`${url}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  beforeAll(async () => {
    rig = await openPageRig({ width: 1280, height: 900 }, 'zh-CN');
    ({ t, origin, pages, browser } = rig);
    reg = await regulatorKey(t);
    // The brand owner of the demo's clean lot is inspected, fails, and that shows on its product page.
    const owner = (await t.http.get(pages.cleanUrl).set('Accept', 'application/json')).body.brandOwner.name as string;
    const enterprises = (await t.http.get('/enterprises').set('Authorization', `Bearer ${reg}`)).body.enterprises as Array<{
      id: string;
      name: string;
    }>;
    ownerId = enterprises.find((e) => e.name === owner)?.id ?? '';
    await post('/regulator/risk/grade');
    await post('/inspections/items', { id: 'label', name: '标签标识 Labelling', basis: 'GB 7718' });
    await post('/inspections/items', { id: 'std', name: '执行标准 Declared standard' });
    for (const [id, name] of [
      ['zhang', '张明'],
      ['li', '李华'],
      ['wang', '王芳'],
    ])
      await post('/inspections/inspectors', { id, name, excludes: id === 'wang' ? [ownerId] : [] });
    const plan = await post('/inspections/plans', {
      title: '2026年第四季度茶叶双随机抽查',
      targets: {},
      rules: { version: 'demo-1', ratioPercentByGrade: { '1': 100, '2': 100, '3': 100 }, inspectorsPerTarget: 2 },
    });
    planId = plan.id;
    await post('/inspections/plans', { title: '2027年第一季度抽查计划', targets: {} });
    await post(`/inspections/plans/${planId}/draw`);
    for (const n of [1, 2, 3])
      await t.http.post('/complaints').send({ subjectId: `https://id.gs1.org${pages.cleanUrl}`, message: `茶叶有烟味 smoky taste ${n}` });
    await post(`/inspections/${planId}/results`, {
      enterpriseId: ownerId,
      outcome: 'fail',
      findings: '标签未标注生产者地址 The label omits the producer address',
      documentHash: 'd'.repeat(64),
    });
  }, 180000);

  afterAll(async () => {
    await rig?.close();
  });

  it('lists plans, draws and results publicly, with no inspector drawn where excluded', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/public/inspections`);
    await expect(page.locator('h1').textContent()).resolves.toContain('双随机');
    const section = page.locator(`section[id="${planId}"]`);
    await expect(section.textContent()).resolves.toContain('标签未标注生产者地址');
    const ownerRow = section.locator('tr', { hasText: ownerId });
    await expect(ownerRow.locator('td.fail').count()).resolves.toBe(1);
    await expect(ownerRow.textContent()).resolves.not.toContain('王芳');
    await page.screenshot({ path: path.join(OUTPUT, 'supervision-public-inspections.png'), fullPage: true });
    await page.close();
  });

  it('shows an enterprise credit record with each entry linked to its ledger record', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/enterprises/${ownerId}/credit`);
    const rows = page.locator('#credit tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    await expect(page.locator('#credit').textContent()).resolves.toContain('抽查不合格');
    await page.click(`#credit a[href="/inspections/plans/${planId}"]`);
    await expect(page.locator('body').textContent()).resolves.toContain(planId);
    await page.goBack();
    await page.screenshot({ path: path.join(OUTPUT, 'supervision-credit-record.png'), fullPage: true });
    await page.close();
  });

  it("shows the brand owner's latest inspection result on a consumer's product page", async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${origin}${pages.cleanUrl}`);
    const line = page.locator('#inspection');
    await expect(line.textContent()).resolves.toContain('不合格');
    expect(await line.locator('.pill.bad').count()).toBe(1);
    await page.screenshot({ path: path.join(OUTPUT, 'supervision-consumer-inspection.png'), fullPage: true });
    await page.close();
  });

  it('shows the early warnings to a signed-in regulator', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/regulator/warnings`);
    await page.waitForSelector('#apiKey');
    await page.fill('#apiKey', reg);
    await page.click('button[type=submit]');
    await page.waitForSelector('#warnings');
    await expect(page.locator('h1').textContent()).resolves.toContain('预警');
    const spike = page.locator('#warnings tr.complaint-spike');
    expect(await spike.count()).toBe(1);
    await expect(spike.textContent()).resolves.toContain('3 complaints in 7 days');
    await page.screenshot({ path: path.join(OUTPUT, 'supervision-warnings.png'), fullPage: true });
    await page.close();
  });

  it('shows the risk grades to the signed-in regulator, each factor linked to its records', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/regulator/risk`);
    await page.waitForSelector('#risk');
    const owner = page.locator('#risk tr', { hasText: ownerId });
    await expect(owner.textContent()).resolves.toContain('failed-inspection: 1 × 30 = 30');
    expect(await owner.locator('a[href^="/inspections/plans/"]').count()).toBe(1);
    await page.screenshot({ path: path.join(OUTPUT, 'supervision-risk-grades.png'), fullPage: true });
    await page.close();
  });
});
