// The report, history and replay screens in a real browser against a real server: a response walked
// through over real sockets (with two officer fixes 2 km apart), then the dispatcher reads the report
// (tables, uPlot chart), opens the request in history, and replays it: the officer's marker moves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Principal } from '../../shared/domain';
import type { LoginResponse } from '../../shared/protocol';
import { ackRef, connectAs, type TestClient } from '../support/test-client';
import { startBrowserServer, type BrowserServer } from './browser-server';
import { isolatedContext, launchChromium, loginThroughUi, screenshot, seriousViolations } from './browser';

const STEP = { timeout: 15_000 };

describe('report, history and replay in a real browser', () => {
  let server: BrowserServer;
  let browser: Browser;
  let page: Page;
  const clients: TestClient[] = [];
  let requestId = '';

  async function loginAs(username: string): Promise<TestClient> {
    const res = await fetch(`${server.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'demo' }),
    });
    const body = (await res.json()) as LoginResponse;
    if (!body.ok) throw new Error(body.message);
    const client = await connectAs({ url: server.url, tokenFor: (_p: Principal) => body.token }, body.principal);
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    server = await startBrowserServer();
    const [post, dispatcher, officer] = [
      await loginAs('post-ky-phu'),
      await loginAs('dieu-phoi'),
      await loginAs('kp-1'),
    ];
    const fix = (lat: number, lon: number) =>
      officer.socket.emitWithAck('position:report', { lat, lon, accuracy: 10, at: Date.now() });
    await officer.command({ type: 'officer:set_duty', data: { duty: 'available' } });
    expect(await fix(20.2166, 105.7384)).toEqual({ ok: true });
    requestId = ackRef(
      await post.command({
        type: 'request:raise',
        data: { kind: 'fight', priority: 'critical', note: 'Đánh nhau ở chợ Kỳ Phú', respondersWanted: 1 },
      }),
    );
    await dispatcher.command({ type: 'request:mark_seen', data: { requestId } });
    const assignmentId = ackRef(
      await dispatcher.command({ type: 'assignment:assign', data: { requestId, officerId: 'kp-1' } }),
    );
    await officer.command({ type: 'assignment:accept', data: { assignmentId } });
    await officer.command({ type: 'assignment:advance', data: { assignmentId, status: 'en_route' } });
    expect(await fix(20.2166, 105.7584)).toEqual({ ok: true }); // ~2 km east: kept for replay
    await officer.command({ type: 'assignment:advance', data: { assignmentId, status: 'on_scene' } });
    await dispatcher.command({ type: 'request:resolve', data: { requestId, outcome: 'handled', note: 'Đã giải tán' } });

    browser = await launchChromium();
    const { context } = await isolatedContext(browser, server.url, { viewport: { width: 1366, height: 768 } });
    page = await context.newPage();
    page.setDefaultTimeout(STEP.timeout);
    await loginThroughUi(page, 'dieu-phoi', 'demo', '/console');
  }, 60_000);

  afterAll(async () => {
    for (const c of clients) c.close();
    await browser?.close();
    await server?.stop();
  });

  it('shows today’s response-time report with its tables and chart, from the console header', async () => {
    // The console arms its sound on the first click, and the header's bell button changes width: arm it
    // first (a click on the queue's hint) so the link does not move under the click.
    await page.getByText('Phím mũi tên để chọn').click();
    await page.getByRole('button', { name: /Chuông: bật/ }).waitFor(STEP);
    await page.getByRole('link', { name: 'Báo cáo thời gian' }).click();
    await page.waitForURL('**/reports');
    const summary = page.getByTestId('report-summary');
    await summary.waitFor(STEP);
    expect(await summary.textContent()).toContain('1 yêu cầu');
    const onScene = page.getByTestId('interval-table').locator('tr[data-interval="onScene"] td').first();
    expect(await onScene.textContent()).toBe('1');
    expect(await page.getByTestId('outcomes').textContent()).toContain('Đã xử lý xong1');
    await page.getByTestId('histogram').locator('canvas').waitFor(STEP);
    expect(await page.getByTestId('incomplete').locator('li').count()).toBe(0);
    await screenshot(page, 'report');
    expect(await seriousViolations(page)).toEqual([]);

    // The print view: one page, the controls and the header gone, the cluster named in the title.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'Tải CSV' }).isVisible()).toBe(false);
    expect(await page.getByRole('heading', { name: /Báo cáo thời gian phản ứng · / }).isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4', printBackground: true, path: 'test-results/screenshots/report.pdf' });
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1);
    await page.emulateMedia({ media: 'screen' });
  });

  it('finds the request in history and opens its timeline and receipts', async () => {
    await page.getByRole('link', { name: 'Tra cứu lịch sử' }).click();
    await page.getByLabel('Nội dung ghi chú').fill('chợ kỳ');
    await page.getByRole('button', { name: 'Tìm' }).click();
    const results = page.getByTestId('history-results');
    await results.waitFor(STEP);
    await page.getByRole('button', { name: /^Xem 1$/ }).click();
    const detail = page.getByTestId('history-detail');
    await detail.getByTestId('timeline').waitFor(STEP);
    const timeline = await detail.getByTestId('timeline').textContent();
    expect(timeline).toContain('Xã báo yêu cầu');
    expect(timeline).toContain('KP-1');
    await screenshot(page, 'history');
  });

  it('replays the request: the officer marker moves along its track as the scrubber moves, and plays', async () => {
    await page.getByRole('link', { name: 'Xem lại trên bản đồ' }).click();
    await page.waitForURL(`**/replay?request=${requestId}`);
    const marker = page.locator('.grd-replay-officer').filter({ has: page.locator('[data-officer="kp-1"]') });
    await marker.waitFor(STEP);
    const scrubber = page.getByRole('slider', { name: 'Thời điểm xem lại' });
    const where = () => marker.evaluate((el) => el.getBoundingClientRect().left);
    await scrubber.focus();
    await page.keyboard.press('Home');
    const atStart = await where();
    await page.keyboard.press('End');
    await expect.poll(where, STEP).toBeGreaterThan(atStart + 10);
    expect(await page.getByTestId('replay-events').textContent()).toContain('Có mặt');

    await page.keyboard.press('Home');
    await expect.poll(where, STEP).toBeCloseTo(atStart, 0);
    const before = await page.getByTestId('replay-time').textContent();
    await page.getByLabel('Tốc độ').selectOption('60');
    await page.getByRole('button', { name: 'Phát' }).click();
    await expect.poll(() => page.getByTestId('replay-time').textContent(), STEP).not.toBe(before);
    await screenshot(page, 'replay');
  });
});
