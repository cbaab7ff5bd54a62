// The officer SOS through the three screens in a real browser: a hold and a cancelled countdown send
// nothing; a hold that runs out alarms every console (banner, the officer centred on the map, the fix
// age, the live track), alerts the officer's commune post and offers the request to the nearest officer;
// an SOS made offline waits at the head of the outbox and reaches the server first on reconnect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DispatchEvent } from '../../shared/events';
import { startBrowserServer, type BrowserServer } from './browser-server';
import { isolatedContext, launchChromium, loginThroughUi, screenshot } from './browser';

const STEP = { timeout: 20_000 };
/** Holds, a countdown and reconnects: each test runs for tens of seconds of real time. */
const TEST_TIMEOUT = 120_000;
/** PL-1 on patrol near the Phú Long post; PL-2 a few hundred metres away, the nearest help. */
const PL1_AT = { latitude: 20.2001, longitude: 105.7991, accuracy: 10 };
const PL2_AT = { latitude: 20.2032, longitude: 105.7961, accuracy: 10 };

/** Presses the SOS button for `ms` with the mouse (the phone's touch does the same through pointer events). */
async function holdSos(page: Page, ms: number): Promise<void> {
  await page.locator('.sos-hold').hover();
  await page.mouse.down();
  await page.waitForTimeout(ms);
  await page.mouse.up();
}

describe('officer SOS in a real browser', () => {
  let server: BrowserServer;
  let browser: Browser;
  let consolePage: Page;
  let postPage: Page;
  let officerPage: Page;
  let helperPage: Page;
  let officerContext: BrowserContext;
  const events = (): Promise<DispatchEvent[]> => server.server.engine.eventsAfter(0, 10_000).then((e) => e ?? []);
  const sosRequests = () => Object.values(server.server.engine.state.requests).filter((r) => r.sos);

  beforeAll(async () => {
    server = await startBrowserServer({ demo: false });
    browser = await launchChromium();
    const phone = { viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true };
    const dispatcher = await isolatedContext(browser, server.url, { viewport: { width: 1920, height: 1080 } });
    const post = await isolatedContext(browser, server.url, { viewport: { width: 1280, height: 800 } });
    const officer = await isolatedContext(browser, server.url, {
      ...phone,
      geolocation: PL1_AT,
      permissions: ['geolocation'],
    });
    const helper = await isolatedContext(browser, server.url, {
      ...phone,
      geolocation: PL2_AT,
      permissions: ['geolocation'],
    });
    officerContext = officer.context;
    [consolePage, postPage, officerPage, helperPage] = await Promise.all([
      dispatcher.context.newPage(),
      post.context.newPage(),
      officer.context.newPage(),
      helper.context.newPage(),
    ]);
    await loginThroughUi(consolePage, 'dieu-phoi', 'demo', '/console');
    await loginThroughUi(postPage, 'post-phu-long', 'demo', '/post');
    await loginThroughUi(officerPage, 'pl-1', 'demo', '/officer');
    await loginThroughUi(helperPage, 'pl-2', 'demo', '/officer');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it(
    'shows SOS off duty with no assignment; a short press, or a hold then HỦY, sends nothing',
    async () => {
      await officerPage.locator('[data-connection="live"]').waitFor(STEP);
      await expect.poll(() => officerPage.getByRole('button', { name: /SOS/ }).count()).toBe(1);
      const before = server.server.engine.state.seq;

      await holdSos(officerPage, 800);
      expect(await officerPage.locator('[data-sos="countdown"]').count()).toBe(0);

      await holdSos(officerPage, 2_400);
      const countdown = officerPage.locator('[data-sos="countdown"]');
      await countdown.waitFor(STEP);
      await expect.poll(() => countdown.innerText()).toMatch(/Gửi SOS sau [1-5] giây/);
      await screenshot(officerPage, 'officer-sos-countdown');
      await officerPage.getByRole('button', { name: 'HỦY' }).click();
      await countdown.waitFor({ state: 'detached' });
      // Past the end of the countdown: still nothing queued, nothing at the server.
      await officerPage.waitForTimeout(6_000);
      expect(await officerPage.locator('[data-sos]').count()).toBe(0);
      expect(await officerPage.getByTestId('outbox-badge').count()).toBe(0);
      expect(server.server.engine.state.seq).toBe(before);
      expect(sosRequests()).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'hold and send: the console alarms and centres the officer, the post is alerted, the nearest officer is offered it',
    async () => {
      // PL-2 is on duty and sharing its position: the nearest available officer.
      await helperPage.getByRole('button', { name: 'Sẵn sàng', exact: true }).click();
      await expect.poll(() => helperPage.getByText(/Gửi vị trí lần cuối lúc/).count(), STEP).toBeGreaterThan(0);

      await holdSos(officerPage, 2_400);
      await officerPage.locator('[data-sos="countdown"]').waitFor(STEP);
      await officerPage.locator('[data-sos="open"]').waitFor(STEP);
      await expect.poll(() => officerPage.getByTestId('sos-state').innerText()).toContain('SOS ĐÃ GỬI');
      const [sos] = sosRequests();
      expect(sos).toMatchObject({ kind: 'officer_support', priority: 'critical', commune: 'phu-long', closedAt: null });
      // Sent with the phone's latest fix.
      expect(sos?.sos?.fix).toMatchObject({ lat: PL1_AT.latitude, lon: PL1_AT.longitude });

      // The console: the SOS banner first, the SOS panel with the fix age, the officer on the map, centred.
      const banner = consolePage.getByTestId('alarm-banner');
      await expect.poll(() => banner.locator('li').first().innerText(), STEP).toContain('SOS! PL-1 (Phú Long)');
      const panel = consolePage.getByTestId('sos-panel');
      await expect.poll(() => panel.innerText(), STEP).toContain('SOS PL-1 (Phú Long)');
      await expect.poll(() => panel.getByTestId('sos-fix-age').innerText(), STEP).toMatch(/Vị trí cách đây/);
      const marker = consolePage.locator('.grd-sos-marker');
      await marker.waitFor(STEP);
      const mapBox = (await consolePage.locator('.grd-map-canvas').boundingBox())!;
      const markerBox = (await marker.boundingBox())!;
      const centre = { x: mapBox.x + mapBox.width / 2, y: mapBox.y + mapBox.height / 2 };
      expect(Math.abs(markerBox.x + markerBox.width / 2 - centre.x)).toBeLessThan(60);
      expect(Math.abs(markerBox.y + markerBox.height / 2 - centre.y)).toBeLessThan(60);

      // The officer's own commune post is alerted.
      await expect
        .poll(() => postPage.getByTestId('post-sos-alert').innerText(), STEP)
        .toContain('CÁN BỘ PL-1 (Phú Long) CẦN HỖ TRỢ KHẨN CẤP');

      // The nearest available officer gets the offer on its phone, and the console shows it.
      await expect.poll(() => helperPage.locator('.assignment').innerText(), STEP).toContain('Hỗ trợ đồng chí');
      await expect.poll(() => panel.innerText(), STEP).toContain('PL-2');
      await expect.poll(() => officerPage.getByTestId('sos-responders').innerText(), STEP).toContain('PL-2');
      const offered = (await events()).filter((e) => e.type === 'assignment:created' && e.data.requestId === sos?.id);
      expect(offered.map((e) => (e.type === 'assignment:created' ? e.data.officerId : ''))[0]).toBe('pl-2');

      // The officer moves: the live track is drawn.
      await officerContext.setGeolocation({ latitude: 20.2011, longitude: 105.7999, accuracy: 8 });
      await expect.poll(() => consolePage.locator('path.grd-sos-track').count(), STEP).toBe(1);
      await screenshot(consolePage, 'console-sos');
      await screenshot(postPage, 'post-sos');
      await screenshot(officerPage, 'officer-sos');

      // Only the console closes it, with an outcome; everyone's screen follows.
      await panel.getByLabel('Kết quả').selectOption('false_alarm');
      await panel.getByRole('button', { name: 'Đóng SOS' }).click();
      await panel.waitFor({ state: 'detached', ...STEP });
      await officerPage.locator('.sos-hold').waitFor(STEP);
      await postPage.getByTestId('post-sos-alert').waitFor({ state: 'detached', ...STEP });
      expect(server.server.engine.state.requests[sos?.id ?? '']).toMatchObject({
        status: 'resolved',
        outcome: 'false_alarm',
      });
    },
    TEST_TIMEOUT,
  );

  it(
    'an SOS made offline waits at the head of the outbox, says so, and reaches the server first on reconnect',
    async () => {
      await officerPage.locator('[data-connection="live"]').waitFor(STEP);
      await officerContext.setOffline(true);
      await officerPage.locator('[data-connection="live"]').waitFor({ state: 'detached', ...STEP });
      // An older command waits in the outbox first.
      await officerPage.getByRole('button', { name: 'Sẵn sàng', exact: true }).click();
      await expect.poll(() => officerPage.getByTestId('outbox-badge').innerText(), STEP).toContain('1');

      await holdSos(officerPage, 2_400);
      await officerPage.locator('[data-sos="queued"]').waitFor(STEP);
      await expect
        .poll(() => officerPage.getByTestId('sos-state').innerText())
        .toContain('SOS ĐANG CHỜ GỬI – cụm chưa nhận được');
      await screenshot(officerPage, 'officer-sos-offline');
      const before = server.server.engine.state.seq;

      await officerContext.setOffline(false);
      await officerPage.locator('[data-sos="open"]').waitFor({ timeout: 30_000 });
      await expect
        .poll(async () => (await events()).filter((e) => e.seq > before).map((e) => e.type), STEP)
        .toEqual(expect.arrayContaining(['request:raised', 'officer:sos_raised', 'officer:duty_changed']));
      const after = (await events()).filter((e) => e.seq > before && e.actor.role === 'officer').map((e) => e.type);
      expect(after.slice(0, 3)).toEqual(['request:raised', 'officer:sos_raised', 'officer:duty_changed']);
      await expect.poll(() => consolePage.getByTestId('sos-panel').innerText(), STEP).toContain('SOS PL-1');
    },
    TEST_TIMEOUT,
  );
});
