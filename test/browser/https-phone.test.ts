// The app as phones meet it on the cluster's network: served over HTTPS with a certificate made by
// `npm run cert`'s code, opened by name (dispatch.test, mapped to loopback for this browser only) with the
// certificate trusted for this run. It is a secure context, so the officer shares a position, the post
// reloads offline from the service worker, the app is installable and the officer's screen asks for a
// wake lock on an assignment. The same page over plain HTTP says to open the HTTPS address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Principal } from '../../shared/domain';
import { startBrowserServer, type BrowserServer } from './browser-server';
import { isolatedContext, launchChromium, loginThroughUi } from './browser';

const STEP = { timeout: 20_000 };
const KP1_AT = { latitude: 20.2201, longitude: 105.7502, accuracy: 12 };
const DISPATCHER: Principal = { accountId: 'dieu-phoi', role: 'dispatcher', displayName: 'Trực ban cụm' };

let secure: BrowserServer;
let plain: BrowserServer;
let browser: Browser;

beforeAll(async () => {
  [secure, plain] = await Promise.all([
    startBrowserServer({}, { https: ['dispatch.test'] }),
    startBrowserServer({}, { hostname: 'dispatch.test' }),
  ]);
  browser = await launchChromium([
    '--host-resolver-rules=MAP dispatch.test 127.0.0.1',
    `--ignore-certificate-errors-spki-list=${secure.spki ?? ''}`,
  ]);
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([secure?.stop(), plain?.stop()]);
});

async function officerPage(baseUrl: string): Promise<Page> {
  const { context } = await isolatedContext(browser, baseUrl, {
    viewport: { width: 360, height: 640 },
    isMobile: true,
    hasTouch: true,
    geolocation: KP1_AT,
    permissions: ['geolocation'],
  });
  // Counts the page's wake lock requests (the real API still answers them).
  await context.addInitScript(() => {
    const w = window as unknown as { wakeLockRequests: number };
    w.wakeLockRequests = 0;
    const wakeLock = navigator.wakeLock as WakeLock | undefined;
    if (!wakeLock) return;
    const request = wakeLock.request.bind(wakeLock);
    wakeLock.request = (type) => {
      w.wakeLockRequests += 1;
      return request(type);
    };
  });
  return context.newPage();
}

describe('over HTTPS on a name other than localhost', () => {
  it('is a secure context: the officer shares a position and the screen asks for a wake lock on an assignment', async () => {
    expect(secure.url).toMatch(/^https:\/\/dispatch\.test:\d+$/);
    const page = await officerPage(secure.url);
    await loginThroughUi(page, 'kp-1', 'demo', '/officer');
    expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
    expect(await page.evaluate(() => location.href)).toMatch(/^https:\/\/dispatch\.test:\d+\/officer$/);

    await page.getByRole('button', { name: 'Sẵn sàng', exact: true }).click();
    await expect.poll(() => page.getByText(/Gửi vị trí lần cuối lúc/).count(), STEP).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('insecure-notice').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { wakeLockRequests: number }).wakeLockRequests)).toBe(0);

    // A dispatcher assigns kp-1 (through the engine, as the console would over its socket).
    const engine = secure.server.engine;
    const raised = await engine.handle(DISPATCHER, {
      id: 'https-raise-0001',
      type: 'request:raise',
      data: { kind: 'theft', priority: 'high', commune: 'ky-phu' },
    });
    if (!raised.ok || raised.ref === undefined) throw new Error(`raise refused: ${JSON.stringify(raised)}`);
    const assigned = await engine.handle(DISPATCHER, {
      id: 'https-assign-0001',
      type: 'assignment:assign',
      data: { requestId: raised.ref, officerId: 'kp-1' },
    });
    expect(assigned).toMatchObject({ ok: true });
    await page.getByRole('button', { name: 'NHẬN' }).waitFor(STEP);
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { wakeLockRequests: number }).wakeLockRequests), STEP)
      .toBeGreaterThan(0);
    // Held, or refused and then said so on the screen.
    const refused = await page.evaluate(async () => {
      try {
        const lock = await navigator.wakeLock.request('screen');
        await lock.release();
        return false;
      } catch {
        return true;
      }
    });
    await expect.poll(() => page.getByTestId('wake-lock-notice').count(), STEP).toBe(refused ? 1 : 0);
    await page.context().close();
  });

  it('the post reloads offline from the service worker', async () => {
    const { context } = await isolatedContext(browser, secure.url, { viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await loginThroughUi(page, 'post-ky-phu', 'demo', '/post');
    await page.locator('[data-connection="live"]').waitFor(STEP);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, STEP);
    await context.setOffline(true);
    await page.reload();
    await page.locator('.raise-button').waitFor(STEP);
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await context.setOffline(false);
    await context.close();
  });

  it('is installable: the manifest and its icons load and Chromium reports no installability error', async () => {
    const { context } = await isolatedContext(browser, secure.url);
    const page = await context.newPage();
    await loginThroughUi(page, 'post-ky-phu', 'demo', '/post');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, STEP);
    const cdp = await context.newCDPSession(page);
    const manifest = (await cdp.send('Page.getAppManifest')) as { errors: unknown[]; data?: string };
    expect(manifest.errors).toEqual([]);
    const parsed = JSON.parse(manifest.data ?? '{}') as { short_name?: string; icons?: { purpose?: string }[] };
    expect(parsed.short_name).toBe('Giáp Ranh');
    expect(parsed.icons?.some((i) => i.purpose === 'maskable')).toBe(true);
    // "in-incognito" describes the test's throwaway browser profile, not the app: every other reason
    // (no manifest, no usable icon, no service worker, not secure) would be listed beside it.
    await expect
      .poll(async () => {
        const result = (await cdp.send('Page.getInstallabilityErrors')) as {
          installabilityErrors: { errorId: string }[];
        };
        return result.installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito');
      }, STEP)
      .toEqual([]);
    for (const icon of ['/icons/icon-192.png', '/icons/icon-512.png', '/icons/icon-maskable-512.png']) {
      const size = await page.evaluate(async (src) => {
        const img = new Image();
        img.src = src;
        await img.decode();
        return [img.naturalWidth, img.naturalHeight];
      }, icon);
      expect(size).toEqual(icon.includes('192') ? [192, 192] : [512, 512]);
    }
    await context.close();
  });
});

describe('over plain HTTP on the same name', () => {
  it('the officer and the post say to open the HTTPS address instead of a permissions hint', async () => {
    expect(plain.url).toMatch(/^http:\/\/dispatch\.test:\d+$/);
    const page = await officerPage(plain.url);
    await loginThroughUi(page, 'kp-1', 'demo', '/officer');
    expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
    await page.getByRole('button', { name: 'Sẵn sàng', exact: true }).click();
    const notice = page.getByTestId('insecure-notice');
    await notice.waitFor(STEP);
    expect(await notice.innerText()).toContain('HTTPS');
    expect(await notice.getByRole('link').getAttribute('href')).toBe('https://dispatch.test:8443/officer');
    expect(await page.getByText(/cho phép "Vị trí"/).count()).toBe(0);
    await page.context().close();

    const { context } = await isolatedContext(browser, plain.url);
    const post = await context.newPage();
    await loginThroughUi(post, 'post-ky-phu', 'demo', '/post');
    await post.getByTestId('insecure-notice').waitFor(STEP);
    expect(await post.getByTestId('insecure-notice').getByRole('link').getAttribute('href')).toBe(
      'https://dispatch.test:8443/post',
    );
    await context.close();
  });
});
