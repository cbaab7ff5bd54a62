// What the fault tests add to the browser helpers in test/browser/: waiting for the offline shell,
// and slow-3G network conditions through the Chrome DevTools Protocol.
import type { Page } from 'playwright-core';

/** Waits until the page's service worker controls it (it has cached the app shell on install). */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
}

/** About 400 kbit/s each way with 400 ms of added latency: a rural 3G link on a bad day. */
export const SLOW_3G = { latency: 400, downloadThroughput: (400 * 1024) / 8, uploadThroughput: (400 * 1024) / 8 };

/** Puts this page's network (HTTP and its WebSocket) on slow 3G. */
export async function emulateSlow3g(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...SLOW_3G });
}
