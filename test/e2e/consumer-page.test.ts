import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { seedDemo, type DemoPages } from '../../server/demo/seed-demo';
import { startTestService, type TestService } from '../helpers/test-service';

const CHROMIUM = '/usr/bin/chromium';
const OUTPUT = path.resolve(__dirname, '../../test-output');
const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium && process.env.SUYUAN_REQUIRE_CHROMIUM) {
  throw new Error(`SUYUAN_REQUIRE_CHROMIUM is set but ${CHROMIUM} is missing (install it with: apt-get install -y chromium)`);
}
if (!haveChromium) {
  process.stderr.write(`consumer-page e2e skipped: ${CHROMIUM} is missing (install it with: apt-get install -y chromium)\n`);
}

const describeWithChromium = haveChromium ? describe : describe.skip;

describeWithChromium('consumer page in a phone browser', () => {
  let t: TestService;
  let server: http.Server;
  let origin: string;
  let pages: DemoPages;
  let browser: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    t = await startTestService();
    pages = await seedDemo(t.service.deps);
    server = http.createServer(t.service.app).listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'suyuan-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
    });
    fs.mkdirSync(OUTPUT, { recursive: true });
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await t?.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
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
