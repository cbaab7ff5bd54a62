// A commune post's page loses the network, raises three requests through the UI, is reloaded while
// still offline (the service worker serves the app, IndexedDB still holds the outbox) and comes back:
// the server ends with exactly those three requests, each once, and the screen said "queued" meanwhile.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startBrowserServer, type BrowserServer } from '../browser/browser-server';
import { isolatedContext, launchChromium, loginThroughUi } from '../browser/browser';
import { waitForServiceWorker } from './faults';

const QUEUED_TEXT = 'Đang chờ gửi – cụm chưa nhận được';
let server: BrowserServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startBrowserServer(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Hold the big button (keyboard: Space held until the form opens), pick a kind, write the note, send. */
async function raiseThroughUi(page: Page, note: string): Promise<void> {
  await page.locator('.raise-button').focus();
  await page.keyboard.down(' ');
  await page.locator('.raise-form').waitFor();
  await page.keyboard.up(' ');
  await page.getByRole('button', { name: 'Trộm cắp' }).click();
  await page.locator('.raise-form textarea').fill(note);
  await page.getByRole('button', { name: 'GỬI YÊU CẦU' }).click();
  await page.locator('.raise-form').waitFor({ state: 'detached' });
}

const serverNotes = () =>
  Object.values(server.server.engine.state.requests)
    .map((r) => r.note)
    .sort();

it('three requests raised offline survive a reload and reach the server once each', async () => {
  const { context } = await isolatedContext(browser, server.url, { viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await loginThroughUi(page, 'post-ky-phu', 'demo', '/post');
  await page.locator('[data-connection="live"]').waitFor();
  await waitForServiceWorker(page);

  // Every HTTP request that reaches the server while the page is offline (there must be none).
  const reachedWhileOffline: string[] = [];
  const record = (req: { url?: string }) => reachedWhileOffline.push(req.url ?? '');
  await context.setOffline(true);
  server.server.httpServer.on('request', record);
  await page.locator('[data-connection="live"]').waitFor({ state: 'detached' });
  const notes = ['ngoại tuyến 1', 'ngoại tuyến 2', 'ngoại tuyến 3'];
  for (const note of notes) await raiseThroughUi(page, note);

  const queuedCards = page.locator('[data-outbox]');
  await expect.poll(() => queuedCards.count()).toBe(3);
  for (const card of await queuedCards.all()) await expect.poll(() => card.innerText()).toContain(QUEUED_TEXT);
  await expect.poll(() => page.getByTestId('outbox-badge').innerText()).toContain('3 yêu cầu chờ gửi');
  expect(serverNotes()).toEqual([]);

  // Reload with no network at all: only the service worker can answer.
  await page.reload();
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await expect.poll(() => queuedCards.count(), { timeout: 20_000 }).toBe(3);
  expect((await queuedCards.allInnerTexts()).every((text) => text.includes(QUEUED_TEXT))).toBe(true);
  expect(serverNotes()).toEqual([]);
  server.server.httpServer.off('request', record);
  expect(reachedWhileOffline).toEqual([]);

  await context.setOffline(false);
  await expect.poll(serverNotes, { timeout: 30_000 }).toEqual(notes);
  await expect.poll(() => queuedCards.count(), { timeout: 20_000 }).toBe(0);
  await expect.poll(() => page.locator('[data-request]').count()).toBe(3);
  // Settled: nothing resent a fourth time after the acks.
  expect(serverNotes()).toEqual(notes);
  await context.close();
});
