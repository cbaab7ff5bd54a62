// The whole loop through the three screens in a real browser, with no internet: a commune post raises a
// request, it appears on the console's map and queue, the dispatcher assigns the suggested officer, the
// officer accepts on the phone, and the post's card shows the responder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { startBrowserServer, type BrowserServer } from './browser-server';
import { isolatedContext, launchChromium, loginThroughUi, screenshot, seriousViolations } from './browser';

const STEP = { timeout: 15_000 };
/** An officer of Kỳ Phú standing near the commune's post. */
const KP1_AT = { latitude: 20.2201, longitude: 105.7502, accuracy: 12 };

describe('dispatcher, post and officer in a real browser', () => {
  let server: BrowserServer;
  let browser: Browser;
  let consolePage: Page;
  let postPage: Page;
  let officerPage: Page;
  let consoleBlocked: string[];

  beforeAll(async () => {
    server = await startBrowserServer();
    browser = await launchChromium();
    const dispatcher = await isolatedContext(browser, server.url, { viewport: { width: 1920, height: 1080 } });
    const post = await isolatedContext(browser, server.url, { viewport: { width: 1280, height: 800 } });
    const officer = await isolatedContext(browser, server.url, {
      viewport: { width: 360, height: 640 },
      isMobile: true,
      hasTouch: true,
      geolocation: KP1_AT,
      permissions: ['geolocation'],
    });
    consoleBlocked = dispatcher.blocked;
    [consolePage, postPage, officerPage] = await Promise.all([
      dispatcher.context.newPage(),
      post.context.newPage(),
      officer.context.newPage(),
    ]);
    await loginThroughUi(consolePage, 'dieu-phoi', 'demo', '/console');
    await loginThroughUi(postPage, 'post-ky-phu', 'demo', '/post');
    await loginThroughUi(officerPage, 'kp-1', 'demo', '/officer');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('draws the six commune areas, the province border and the posts with the tile server unreachable', async () => {
    const map = consolePage.getByTestId('cluster-map');
    await expect.poll(() => map.locator('path.grd-area').count(), STEP).toBe(6);
    const fills = await map.locator('path.grd-area').evaluateAll((paths) => paths.map((p) => p.getAttribute('fill')));
    expect(new Set(fills).size).toBe(6);
    await expect.poll(() => map.locator('path.grd-province-border').count(), STEP).toBe(1);
    await expect.poll(() => map.locator('.grd-post-marker').count(), STEP).toBe(6);
    const labels = await map.locator('.grd-area-label').allInnerTexts();
    expect(labels.sort()).toEqual(['Cúc Phương', 'Kỳ Phú', 'Phú Long', 'Thành Công', 'Thành Minh', 'Thành Vân']);
    // The tile layer is there (it asked for tiles) and every tile request failed.
    expect(consoleBlocked.some((u) => u.includes('tile.openstreetmap.org'))).toBe(true);
    expect(await map.locator('img.leaflet-tile-loaded').count()).toBe(0);
  });

  it('runs raise → console → assign from suggestions → accept → responder on the post card, through the UI only', async () => {
    // The officer goes on duty and shares its position.
    await officerPage.getByRole('button', { name: 'Sẵn sàng', exact: true }).click();
    await expect.poll(() => officerPage.getByText(/Gửi vị trí lần cuối lúc/).count(), STEP).toBeGreaterThan(0);

    // The post holds the big button, then fills the form.
    const raise = postPage.getByRole('button', { name: /YÊU CẦU HỖ TRỢ/ });
    await raise.hover();
    await postPage.mouse.down();
    await postPage.waitForTimeout(1_800);
    await postPage.mouse.up();
    await postPage.getByRole('button', { name: /Gây rối \/ đánh nhau/ }).click();
    await postPage.getByRole('button', { name: 'Khẩn cấp' }).click();
    await screenshot(postPage, 'post-form');
    await postPage.getByRole('button', { name: 'GỬI YÊU CẦU' }).click();

    // The console: the request is in the queue and on the map.
    const item = consolePage.getByRole('option', { name: /#1/ });
    await item.waitFor(STEP);
    await expect.poll(() => item.innerText()).toContain('Gây rối / đánh nhau');
    await expect.poll(() => consolePage.locator('.grd-request-marker[title^="Yêu cầu số 1"]').count(), STEP).toBe(1);
    expect(await consolePage.locator('.grd-request-marker.pulse').count()).toBe(1);
    await expect.poll(() => consolePage.getByTestId('alarm-banner').innerText(), STEP).toContain('Yêu cầu mới số 1');

    // Select it with the keyboard and assign the first suggestion with key 1.
    await consolePage.getByTestId('request-queue').focus();
    await consolePage.keyboard.press('ArrowDown');
    const suggestion = consolePage.getByTestId('suggestions').getByRole('button').first();
    await expect.poll(() => suggestion.innerText(), STEP).toContain('KP-1');
    await consolePage.keyboard.press('1');
    await expect.poll(() => consolePage.getByTestId('assignments').innerText(), STEP).toContain('KP-1');

    // The officer's phone shows the assignment; the officer accepts.
    await officerPage.getByRole('button', { name: 'NHẬN' }).click(STEP);
    await expect.poll(() => officerPage.getByRole('button', { name: 'ĐANG ĐẾN' }).count(), STEP).toBe(1);

    // The post's card names the responder; the console shows the acceptance and stops the pulse.
    await expect.poll(() => postPage.locator('.request-list').innerText(), STEP).toMatch(/KP-1 \(Kỳ Phú\)/);
    await expect.poll(() => consolePage.getByTestId('assignments').innerText(), STEP).toContain('Đã nhận');
    await expect.poll(() => consolePage.locator('.grd-request-marker.pulse').count(), STEP).toBe(0);
    await expect.poll(() => consolePage.getByTestId('timeline').innerText(), STEP).toContain('Nhận nhiệm vụ');

    await screenshot(consolePage, 'console');
    await screenshot(postPage, 'post');
    await screenshot(officerPage, 'officer');
  });

  it('keeps the officer’s header on one line at 360×640, language and logout still 48 px touch targets', async () => {
    const row = officerPage.locator('.app-header-row');
    const title = row.getByRole('heading', { name: 'Cán bộ KP-1' });
    const language = row.getByRole('button', { name: 'English' });
    const logout = row.getByRole('button', { name: 'Đăng xuất' });
    const box = async (l: Locator) => (await l.boundingBox())!;
    const [rowBox, titleBox, languageBox, logoutBox] = [
      await box(row),
      await box(title),
      await box(language),
      await box(logout),
    ];
    expect(await language.innerText()).toBe('EN');
    // One line: every piece sits inside the same band, no piece pushed below another.
    for (const box of [titleBox, languageBox, logoutBox]) {
      expect(box.y + box.height).toBeLessThanOrEqual(languageBox.y + languageBox.height + 1);
      expect(box.y).toBeGreaterThanOrEqual(rowBox.y);
    }
    expect(rowBox.height).toBeLessThan(2 * 48);
    expect(logoutBox.x + logoutBox.width).toBeLessThanOrEqual(360);
    for (const box of [languageBox, logoutBox]) {
      expect(box.height).toBeGreaterThanOrEqual(48);
      expect(box.width).toBeGreaterThanOrEqual(48);
    }
  });

  it('has no serious or critical accessibility violations on the three screens', async () => {
    const found = {
      console: await seriousViolations(consolePage),
      post: await seriousViolations(postPage),
      officer: await seriousViolations(officerPage),
    };
    expect(found).toEqual({ console: [], post: [], officer: [] });
  });
});
