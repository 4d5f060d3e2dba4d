import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { seedDemo, type DemoPages } from '../../server/demo/seed-demo';
import { startTestService, type TestService } from './test-service';

/** Debian's chromium, which playwright-core drives. */
export const CHROMIUM = '/usr/bin/chromium';

/** Where page tests save their screenshots. */
export const OUTPUT = path.resolve(__dirname, '../../test-output');

const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium && process.env.SUYUAN_REQUIRE_CHROMIUM) {
  throw new Error(`SUYUAN_REQUIRE_CHROMIUM is set but ${CHROMIUM} is missing (install it with: apt-get install -y chromium)`);
}

/** `describe` when chromium is installed; otherwise the suite is reported skipped, with the reason on stderr. */
export function describeWithChromium(name: string, body: () => void): void {
  if (haveChromium) return describe(name, body);
  process.stderr.write(`${name}: skipped, ${CHROMIUM} is missing (install it with: apt-get install -y chromium)\n`);
  describe.skip(name, body);
}

/** A headless chromium with a fresh profile; `close` also removes the profile. */
export async function launchBrowser(
  viewport: { width: number; height: number },
  locale: string,
): Promise<{ browser: BrowserContext; close: () => Promise<void> }> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'suyuan-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport,
    locale,
  });
  fs.mkdirSync(OUTPUT, { recursive: true });
  return {
    browser,
    close: async () => {
      await browser.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Serves an express app on a free loopback port (browsers need a real socket). */
export async function serveOnLoopback(app: http.RequestListener): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = http.createServer(app).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A test service seeded with the demo, served on loopback, and a browser to open its pages. */
export interface PageRig {
  readonly t: TestService;
  readonly pages: DemoPages;
  readonly origin: string;
  readonly browser: BrowserContext;
  close(): Promise<void>;
}

/** Starts a PageRig; `close` stops the browser, the server and the service. */
export async function openPageRig(viewport: { width: number; height: number }, locale: string): Promise<PageRig> {
  const t = await startTestService();
  const pages = await seedDemo(t.service.deps);
  const server = await serveOnLoopback(t.app);
  const { browser, close } = await launchBrowser(viewport, locale);
  return {
    t,
    pages,
    origin: server.origin,
    browser,
    close: async () => {
      await close();
      await server.close();
      await t.close();
    },
  };
}
