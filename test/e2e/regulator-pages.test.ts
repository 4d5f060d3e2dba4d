import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { describeWithChromium, openPageRig, OUTPUT, type PageRig } from '../helpers/browser';
import { regulatorKey, type TestService } from '../helpers/test-service';

describeWithChromium('regulator pages in a desktop browser', () => {
  let rig: PageRig;
  let t: TestService;
  let origin: string;
  let browser: BrowserContext;

  beforeAll(async () => {
    rig = await openPageRig({ width: 1280, height: 900 }, 'en-US');
    ({ t, origin, browser } = rig);
  }, 120000);

  afterAll(async () => {
    await rig?.close();
  });

  it('signs in from the recall report and follows it to the trace graph, recalled nodes in red', async () => {
    const recalls = (await t.http.get('/recalls')).body as { recalls: Array<{ id: string }> };
    const recallId = recalls.recalls[0]?.id ?? '';
    const page = await browser.newPage();
    await page.goto(`${origin}/recalls/${recallId}`);
    await expect(page.locator('.notice').textContent()).resolves.toContain(recallId);
    await page.click('a[href="/sign-in"]');
    await page.fill('#apiKey', await regulatorKey(t));
    await page.click('button[type=submit]');
    await expect(page.locator('body').textContent()).resolves.toContain('Signed in as');
    await page.goto(`${origin}/recalls/${recallId}`);
    await page.click('text=Trace view of the chain');
    await page.waitForSelector('svg');
    expect(await page.locator('svg g.node.recalled').count()).toBeGreaterThan(0);
    expect(await page.locator('svg g.node').count()).toBeGreaterThan(await page.locator('svg g.node.recalled').count());
    await page.screenshot({ path: path.join(OUTPUT, 'regulator-trace-view.png'), fullPage: true });
    await page.close();
  });
});
