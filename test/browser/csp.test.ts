// The built client under the real Content-Security-Policy in Chromium: logging in, the console with its
// Leaflet map (tiles from TILE_URL's origin), the post and the officer screens, all without one CSP
// violation, and the service worker still registers. The tile server is not reachable here (the
// context only reaches the test server), which is fine: the CSP check happens before the request.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserServer, type BrowserServer } from './browser-server';
import { isolatedContext, launchChromium, loginThroughUi } from './browser';

describe('the client under its Content-Security-Policy', () => {
  let server: BrowserServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startBrowserServer({ tileUrl: 'https://{s}.tile.example.vn/{z}/{x}/{y}.png' });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Collects CSP violations both as the page reports them and as the console does. */
  async function watch(page: Page): Promise<string[]> {
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { reportViolation: (v: string) => void }).reportViolation(
          `${e.violatedDirective} ${e.blockedURI}`,
        );
      });
    });
    return violations;
  }

  it('console, post and officer screens load with no CSP violation; tiles are requested; the service worker registers', async () => {
    const { context, blocked } = await isolatedContext(browser, server.url, {
      viewport: { width: 1366, height: 768 },
      geolocation: { latitude: 20.2201, longitude: 105.7502, accuracy: 12 },
      permissions: ['geolocation'],
    });
    const page = await context.newPage();
    const violations = await watch(page);
    await loginThroughUi(page, 'dieu-phoi', 'demo', '/console');
    await page.locator('[data-connection="live"]').first().waitFor();
    await page.locator('.leaflet-container').first().waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.leaflet-tile').length > 0);
    const registered = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      return registration.active?.scriptURL ?? null;
    });
    expect(registered).toBe(`${server.url}/sw.js`);
    for (const [user, screen] of [
      ['post-ky-phu', '/post'],
      ['kp-1', '/officer'],
    ] as const) {
      // A context of its own: the dispatcher's session would otherwise open the console again.
      const own = await isolatedContext(browser, server.url, {
        viewport: { width: 360, height: 640 },
        geolocation: { latitude: 20.2201, longitude: 105.7502, accuracy: 12 },
        permissions: ['geolocation'],
      });
      const other = await own.context.newPage();
      const more = await watch(other);
      await loginThroughUi(other, user, 'demo', screen);
      await other.locator('[data-connection="live"]').first().waitFor();
      violations.push(...more);
      await own.context.close();
    }
    expect(violations).toEqual([]);
    // The tile requests got past the CSP to the network (where this context stops them).
    expect(blocked.some((url) => /tile\.example\.vn/.test(url))).toBe(true);
    await context.close();
  }, 120_000);
});
