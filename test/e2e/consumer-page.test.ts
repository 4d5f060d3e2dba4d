import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { seedDemo, type DemoPages } from '../../server/demo/seed-demo';
import { describeWithChromium, openPageRig, OUTPUT, type PageRig } from '../helpers/browser';
import type { TestService } from '../helpers/test-service';

describeWithChromium('consumer page in a phone browser', () => {
  let rig: PageRig;
  let t: TestService;
  let origin: string;
  let pages: DemoPages;
  let browser: BrowserContext;

  beforeAll(async () => {
    rig = await openPageRig({ width: 390, height: 844 }, 'zh-CN');
    ({ t, origin, pages, browser } = rig);
  }, 120000);

  afterAll(async () => {
    await rig?.close();
  });

  it('seeds the demo only once', async () => {
    expect(await seedDemo(t.service.deps)).toEqual(pages);
  });

  it('shows no recall notice on the clean lot', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}${pages.cleanUrl}`);
    expect(await page.locator('#recall-notice').count()).toBe(0);
    await expect(page.locator('h1').textContent()).resolves.toContain('安溪铁观音');
    expect(await page.locator('ol.timeline li').count()).toBeGreaterThan(3);
    await page.screenshot({ path: path.join(OUTPUT, 'consumer-page-clean.png'), fullPage: true });
    await page.close();
  });

  it('shows the recall notice at the top of the recalled lot, as an alert', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}${pages.recalledUrl}`);
    const notice = page.locator('#recall-notice');
    expect(await notice.count()).toBe(1);
    expect(await notice.getAttribute('role')).toBe('alert');
    expect(await notice.isVisible()).toBe(true);
    const box = await notice.boundingBox();
    expect(box?.y).toBe(0);
    await expect(notice.textContent()).resolves.toContain('联苯菊酯');
    await page.screenshot({ path: path.join(OUTPUT, 'consumer-page-recalled.png'), fullPage: true });
    await page.close();
  });

  it('switches to English and sends a complaint from the form', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}${pages.cleanUrl}`);
    await page.click('header.bar a');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await page.fill('#message', 'The tin was dented and the seal broken');
    await page.click('#report button[type=submit]');
    await expect(page.locator('#report .thanks').textContent()).resolves.toContain('Thank you');
    await page.screenshot({ path: path.join(OUTPUT, 'consumer-page-reported-en.png') });
    await page.close();
  });
});
