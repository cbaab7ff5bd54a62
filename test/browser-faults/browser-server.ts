// A real dispatch server serving the built client (dist/client) and Debian's Chromium driven by
// playwright-core. A screen is opened with a session placed in localStorage, as /login leaves it
// (the login form itself is tested elsewhere; here the network faults are the subject).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Principal } from '../../shared/domain';
import { FakeClock } from '../../server/clock';
import { testConfig } from '../../server/config';
import { DEFAULT_CLIENT_DIR } from '../../server/create-server';
import { createApiRouter } from '../../server/http/api-router';
import { createTestAuth } from '../support/test-auth';
import { loadSeedCluster, startTestServer, type TestServer } from '../support/test-server';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** The server with the built client and /api; a clock that starts now and only moves when told. */
export async function startBrowserServer(): Promise<TestServer> {
  if (!existsSync(path.join(DEFAULT_CLIENT_DIR, 'index.html'))) {
    throw new Error(`no built client in ${DEFAULT_CLIENT_DIR}: run \`npx vite build\` first`);
  }
  const clock = new FakeClock(Date.now());
  const testAuth = createTestAuth(clock);
  const cluster = await loadSeedCluster();
  return startTestServer({
    clock,
    testAuth,
    deps: {
      clientDir: DEFAULT_CLIENT_DIR,
      apiRouter: createApiRouter({
        auth: testAuth.auth,
        cluster,
        clock,
        // Tiles from a closed loopback port: refused at once, never a wait on the internet.
        config: { ...testConfig(), tileUrl: 'http://127.0.0.1:9/{z}/{x}/{y}.png' },
      }),
    },
  });
}

/** Logs `principal` in on this context's origin (localStorage, as the login screen does). */
export async function logIn(page: Page, server: TestServer, principal: Principal): Promise<void> {
  await page.goto(`${server.url}/login`);
  const session = { token: server.tokenFor(principal), expiresAt: Date.now() + 3600_000, principal };
  await page.evaluate((s) => localStorage.setItem('grd.session', JSON.stringify(s)), session);
}

/** A fresh context and page logged in as `principal` and showing `screen`. */
export async function openScreen(
  browser: Browser,
  server: TestServer,
  principal: Principal,
  screen: '/post' | '/officer' | '/console',
  options: { viewport?: { width: number; height: number }; beforeScreen?: (page: Page) => Promise<void> } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1024, height: 768 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  const page = await context.newPage();
  await logIn(page, server, principal);
  await options.beforeScreen?.(page);
  await page.goto(`${server.url}${screen}`);
  return { context, page };
}

/** Waits until the page's service worker controls it (it cached the shell on install). */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
}
