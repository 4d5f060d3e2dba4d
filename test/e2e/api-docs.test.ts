import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describeWithChromium, openPageRig, OUTPUT, type PageRig } from '../helpers/browser';
import { regulatorKey, type TestService } from '../helpers/test-service';

/** What a page said and asked for while it was open: console errors, uncaught errors, every request URL. */
interface PageLog {
  readonly errors: string[];
  readonly requests: string[];
}

function watch(page: Page): PageLog {
  const log: PageLog = { errors: [], requests: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') log.errors.push(msg.text());
  });
  page.on('pageerror', (err) => log.errors.push(err.message));
  page.on('request', (req) => log.requests.push(req.url()));
  return log;
}

describeWithChromium('interactive API reference in a desktop browser', () => {
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

  it('renders every operation of /openapi.json from same-origin files, with no CSP violation', async () => {
    const page = await browser.newPage();
    const log = watch(page);
    // Collected in the page itself too: a violation is reported as an event even when nothing is logged.
    await page.addInitScript({
      content:
        "window.cspViolations = []; document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));",
    });
    await page.goto(`${origin}/docs`);
    await page.waitForSelector('.opblock-summary-path[data-path="/events"]');
    const doc = (await t.http.get('/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.values(doc.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
    expect(await page.locator('.opblock').count()).toBe(operations);
    expect(await page.locator('.opblock-get .opblock-summary-path[data-path="/events"]').count()).toBe(1);
    expect(await page.locator('.opblock-post .opblock-summary-path[data-path="/events"]').count()).toBe(1);
    await expect(page.locator('.info .title').textContent()).resolves.toContain('Suyuan traceability API');
    expect(await page.locator('button.authorize').isVisible()).toBe(true);
    await page.screenshot({ path: path.join(OUTPUT, 'api-docs.png'), fullPage: true });
    expect(await page.evaluate('window.cspViolations')).toEqual([]);
    expect(log.errors).toEqual([]);
    expect(log.requests.filter((url) => !url.startsWith(`${origin}/`))).toEqual([]);
    await page.close();
  });

  it('tries GET /events out against the running service with the API key given under Authorize', async () => {
    const page = await browser.newPage();
    const log = watch(page);
    const key = await regulatorKey(t);
    const sent: Array<string | undefined> = [];
    page.on('request', (req) => {
      if (new URL(req.url()).pathname === '/events') sent.push(req.headers().authorization);
    });
    await page.goto(`${origin}/docs`);
    await page.click('.scheme-container button.authorize');
    await page.fill('.modal-ux .auth-container input', key);
    await page.click('.modal-ux .auth-btn-wrapper button.authorize');
    await page.click('.modal-ux button.btn-done');
    const op = page.locator('.opblock-get', { has: page.locator('.opblock-summary-path[data-path="/events"]') });
    await op.locator('.opblock-summary').first().click();
    await op.locator('button.try-out__btn').click();
    await op.locator('button.execute').click();
    const status = op.locator('.live-responses-table tr.response .response-col_status').first();
    await status.waitFor();
    await expect(status.textContent()).resolves.toBe('200');
    await expect(op.locator('.live-responses-table tr.response .response-col_description').first().textContent()).resolves.toContain(
      'EPCISQueryDocument',
    );
    expect(sent).toEqual([`Bearer ${key}`]);
    await op.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(OUTPUT, 'api-docs-try-it-out.png') });
    expect(log.errors).toEqual([]);
    await page.close();
  });
});
