// An officer's phone on a slow 3G link (CDP: ~400 kbit/s, 400 ms latency) loads the app, goes on duty,
// gets an assignment with its delivery receipt, and accepts it through the UI: the server has it accepted.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Principal } from '../../shared/domain';
import type { LoginResponse } from '../../shared/protocol';
import { startBrowserServer, type BrowserServer } from '../browser/browser-server';
import { isolatedContext, launchChromium, loginThroughUi } from '../browser/browser';
import { connectAs, type TestClient } from '../support/test-client';
import { emulateSlow3g } from './faults';

const SLOW = { timeout: 45_000 };
let server: BrowserServer;
let browser: Browser;

beforeAll(async () => {
  // A long answer deadline: the slow link, not the timer, is what this test is about.
  [server, browser] = await Promise.all([startBrowserServer({ assignmentDeadlineMs: 600_000 }), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A socket for a demo account, logged in over HTTP like any client. */
async function demoSocket(username: string): Promise<TestClient> {
  const response = await fetch(`${server.url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo' }),
  });
  const login = (await response.json()) as LoginResponse;
  if (!login.ok) throw new Error(`login ${username}: ${login.message}`);
  const principal: Principal = login.principal;
  return connectAs({ url: server.url, tokenFor: () => login.token }, principal);
}

it('an officer on slow 3G accepts an assignment through the UI and the server has it accepted', async () => {
  const { context } = await isolatedContext(browser, server.url, {
    viewport: { width: 360, height: 640 },
    isMobile: true,
    hasTouch: true,
    geolocation: { latitude: 20.2201, longitude: 105.7502, accuracy: 15 },
    permissions: ['geolocation'],
  });
  const page = await context.newPage();
  await emulateSlow3g(page);
  await loginThroughUi(page, 'kp-1', 'demo', '/officer');
  await page.locator('[data-connection="live"]').waitFor(SLOW);
  await page.getByRole('button', { name: 'Sẵn sàng' }).click();
  await expect.poll(() => server.server.engine.state.officers['kp-1']?.duty, SLOW).toBe('available');

  const [post, dispatcher] = await Promise.all([demoSocket('post-ky-phu'), demoSocket('dieu-phoi')]);
  const raised = await post.command({ type: 'request:raise', data: { kind: 'fight', priority: 'critical' } });
  const requestId = String(raised.ok && raised.ref);
  const assigned = await dispatcher.command({ type: 'assignment:assign', data: { requestId, officerId: 'kp-1' } });
  expect(assigned.ok).toBe(true);
  const assignmentId = String(assigned.ok && assigned.ref);
  const onServer = () => server.server.engine.state.assignments[assignmentId];

  await page.getByRole('heading', { name: 'NHIỆM VỤ MỚI' }).waitFor(SLOW);
  await expect.poll(() => onServer()?.deliveredAt ?? null, SLOW).not.toBeNull();
  await page.getByRole('button', { name: 'NHẬN' }).click();
  await expect.poll(() => onServer()?.status, SLOW).toBe('accepted');
  await page.getByRole('button', { name: 'ĐANG ĐẾN' }).waitFor(SLOW);
  post.close();
  dispatcher.close();
  await context.close();
}, 80_000);
