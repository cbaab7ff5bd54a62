// The field trial's findings, replayed with all three screens at once in a real Chromium: a laptop
// console (1366×768), a commune post on a phone and an officer on a phone (360×640). Each `it` builds
// on the one before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { DispatchRequest } from '../../shared/domain';
import { principals } from '../support/test-auth';
import { connectAs, type TestClient } from '../support/test-client';
import { startBrowserServer, type BrowserServer } from './browser-server';
import { isolatedContext, launchChromium, loginThroughUi, loginToken } from './browser';

const STEP = { timeout: 15_000 };
const LAPTOP = { width: 1366, height: 768 };
const KP1_AT = { latitude: 20.2201, longitude: 105.7502, accuracy: 12 };
const PHONE = { viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true };

/**
 * Headless Chromium lets any page play sound (and counts a scripted navigation as user activation), so
 * the console would look armed whatever it did. This puts back a desktop browser's rule: an
 * AudioContext stays suspended until resumed within a moment of a real click or key press. A string,
 * so it reaches the page exactly as written.
 */
const GESTURE_ONLY_AUDIO = `(() => {
  let gestureUntil = 0;
  for (const type of ['pointerdown', 'keydown', 'click']) {
    window.addEventListener(type, (e) => { if (e.isTrusted) gestureUntil = performance.now() + 1000; }, true);
  }
  const inGesture = () => performance.now() < gestureUntil;
  const Real = window.AudioContext;
  window.AudioContext = class extends Real {
    constructor(options) {
      super(options);
      this.allowed = inGesture();
      // Chromium starts a context by itself a moment later: keep it suspended until allowed.
      this.addEventListener('statechange', () => {
        if (this.state === 'running' && !this.allowed) void this.suspend();
      });
      if (!this.allowed) void this.suspend();
    }
    resume() {
      if (!inGesture()) return Promise.resolve();
      this.allowed = true;
      return super.resume();
    }
  };
})();`;

describe('field trial: the interaction model holds for a tired duty officer', { timeout: 60_000 }, () => {
  let server: BrowserServer;
  let browser: Browser;
  let consolePage: Page;
  let postPage: Page;
  let officerPage: Page;
  let desk: TestClient;
  let post: TestClient;

  const requests = (): DispatchRequest[] => Object.values(server.server.engine.state.requests);
  const requestNumbered = (n: number) => requests().find((r) => r.number === n);
  const assignmentOf = (n: number, officerId: string) =>
    Object.values(server.server.engine.state.assignments).find(
      (a) => a.officerId === officerId && a.requestId === requestNumbered(n)?.id,
    );
  const banner = () => consolePage.getByTestId('alarm-banner');
  const bannerText = async () => ((await banner().count()) ? await banner().innerText() : '');

  beforeAll(async () => {
    server = await startBrowserServer();
    browser = await launchChromium();
    const dispatcher = await isolatedContext(browser, server.url, { viewport: LAPTOP });
    await dispatcher.context.addInitScript(GESTURE_ONLY_AUDIO);
    const postContext = await isolatedContext(browser, server.url, PHONE);
    const officer = await isolatedContext(browser, server.url, {
      ...PHONE,
      geolocation: KP1_AT,
      permissions: ['geolocation'],
    });
    [consolePage, postPage, officerPage] = await Promise.all([
      dispatcher.context.newPage(),
      postContext.context.newPage(),
      officer.context.newPage(),
    ]);
    await loginThroughUi(consolePage, 'dieu-phoi', 'demo', '/console');
    await loginThroughUi(postPage, 'post-ky-phu', 'demo', '/post');
    await loginThroughUi(officerPage, 'kp-1', 'demo', '/officer');
    // Side sockets for what the trial did by script: more requests, a second desk's commands.
    const side = (username: string) =>
      loginToken(server.url, username, 'demo').then((token) => ({ url: server.url, tokenFor: () => token }));
    desk = await connectAs(await side('dieu-phoi'), principals.dispatcher());
    post = await connectAs(await side('post-ky-phu'), principals.post('ky-phu'));
  });

  afterAll(async () => {
    desk?.close();
    post?.close();
    await browser?.close();
    await server?.stop();
  });

  it('the login press arms the console’s sound', async () => {
    await expect.poll(() => consolePage.getByTestId('alarm-armed').getAttribute('aria-pressed'), STEP).toBe('true');
    expect(await consolePage.getByTestId('sound-off').count()).toBe(0);
  });

  it('on a phone the post’s big button reads whole phrases, hides the keyboard hint, and a keyboard hold moves focus into the form', async () => {
    const raise = postPage.getByRole('button', { name: /YÊU CẦU HỖ TRỢ/ });
    await raise.waitFor(STEP);
    // Each phrase on one line (it may break between "YÊU CẦU" and "HỖ TRỢ", never inside one).
    const lines = await raise.locator('.phrase').evaluateAll((spans) => spans.map((s) => s.getClientRects().length));
    expect(lines).toEqual([1, 1]);
    expect(await postPage.getByText('Space/Enter').isVisible()).toBe(false);

    await raise.focus();
    await postPage.keyboard.down(' ');
    await postPage.getByRole('heading', { name: 'Yêu cầu hỗ trợ mới' }).waitFor(STEP);
    await postPage.keyboard.up(' ');
    const focused = await postPage.evaluate(() => document.activeElement?.textContent ?? '');
    expect(focused).toContain('Gây rối / đánh nhau');
    await postPage.keyboard.press('Enter');
    await postPage.getByRole('button', { name: 'GỬI YÊU CẦU' }).click();
    await postPage.locator('.request-card[data-stage="received"]').waitFor(STEP);
  });

  it('a request reaching the console is not “seen” until a dispatcher opens it', async () => {
    const item = consolePage.getByRole('option', { name: /#1/ });
    await item.waitFor(STEP);
    await expect.poll(bannerText, STEP).toContain('Yêu cầu mới số 1');
    // Rendered on the console, but nobody has opened it: give a receipt every chance to arrive.
    await consolePage.waitForTimeout(1_500);
    expect(requestNumbered(1)?.seenAt ?? null).toBeNull();
  });

  it('after a restart of the wall screen the sound-off bar cannot be missed, the waiting request alarms again, and a click re-arms', async () => {
    // A fresh page of the same browser profile (the login is remembered), with no click on it yet: as
    // a wall screen's browser after a restart.
    const restarted = await consolePage.context().newPage();
    await consolePage.close();
    consolePage = restarted;
    await consolePage.goto('/console');
    const soundOff = consolePage.getByTestId('sound-off');
    await soundOff.waitFor(STEP);
    const box = (await soundOff.boundingBox())!;
    expect(box.width).toBeGreaterThan(LAPTOP.width * 0.9);
    expect(await soundOff.innerText()).toContain('CHUÔNG ĐANG TẮT');
    await expect.poll(bannerText, STEP).toContain('Yêu cầu mới số 1');
    await soundOff.click();
    await expect.poll(() => consolePage.getByTestId('sound-off').count(), STEP).toBe(0);
    expect(await consolePage.getByTestId('alarm-armed').getAttribute('aria-pressed')).toBe('true');
  });

  it('at 1366×768 an opened request shows its suggestions and the assign button without scrolling, and is seen', async () => {
    await officerPage.getByRole('button', { name: 'Sẵn sàng', exact: true }).click();
    await consolePage.getByRole('option', { name: /#1/ }).click();
    await expect.poll(() => requestNumbered(1)?.seenAt ?? null, STEP).not.toBeNull();
    const first = consolePage.getByTestId('suggestions').getByRole('button').first();
    await expect.poll(() => first.innerText(), STEP).toContain('KP-1');
    const scroll = await consolePage.evaluate(() => ({
      page: document.documentElement.scrollHeight,
      view: window.innerHeight,
    }));
    expect(scroll.page).toBeLessThanOrEqual(scroll.view);
    const assign = (await first.boundingBox())!;
    expect(assign.y).toBeGreaterThanOrEqual(0);
    expect(assign.y + assign.height).toBeLessThanOrEqual(LAPTOP.height);
    // Opening acknowledged the "new request" alarm; assigning would have cleared it anyway.
    await expect.poll(bannerText, STEP).not.toContain('Yêu cầu mới số 1');
  });

  it('a double tap on NHẬN records only the acceptance; XONG asks once more', async () => {
    await consolePage.getByTestId('suggestions').getByRole('button', { name: /KP-1/ }).click();
    const accept = officerPage.getByRole('button', { name: 'NHẬN' });
    await accept.waitFor(STEP);
    const tap = async (button: typeof accept) => {
      const at = (await button.boundingBox())!;
      // A finger, not a test runner: it taps whether or not the button is ready.
      await officerPage.mouse.click(at.x + at.width / 2, at.y + at.height / 2);
    };
    await tap(accept);
    // The next step's button appears where the finger is; the second tap of the double tap lands on it.
    const enRoute = officerPage.getByRole('button', { name: 'ĐANG ĐẾN' });
    await enRoute.waitFor(STEP);
    await tap(enRoute);
    await expect.poll(() => enRoute.isEnabled(), STEP).toBe(true);
    expect(assignmentOf(1, 'kp-1')?.status).toBe('accepted');

    await enRoute.click();
    await expect.poll(() => assignmentOf(1, 'kp-1')?.status, STEP).toBe('en_route');
    await officerPage.getByRole('button', { name: 'CÓ MẶT' }).click();
    await expect.poll(() => assignmentOf(1, 'kp-1')?.status, STEP).toBe('on_scene');
    await officerPage.getByRole('button', { name: 'XONG' }).click();
    const done = officerPage.getByRole('button', { name: 'ĐÃ XONG' });
    await done.waitFor(STEP);
    expect(await officerPage.getByText('Xác nhận đã xong nhiệm vụ ở yêu cầu số 1?').isVisible()).toBe(true);
    expect(assignmentOf(1, 'kp-1')?.status).toBe('on_scene');
    await done.click();
    await expect.poll(() => assignmentOf(1, 'kp-1')?.status, STEP).toBe('released');
  });

  it('after XONG the console marks the request ready to close and does not offer KP-1 for it again', async () => {
    const item = consolePage.getByRole('option', { name: /#1/ });
    await expect.poll(() => item.innerText(), STEP).toContain('Đã xong – chờ kết thúc');
    expect(await item.innerText()).toContain('KP-1 xong');
    await consolePage.getByTestId('ready-to-close').waitFor(STEP);
    const offered = await consolePage.getByTestId('suggestions').getByRole('button').allInnerTexts();
    expect(offered.join('\n')).not.toContain('KP-1');
  });

  it('a withdrawn assignment stays explained on the phone until acknowledged; the post’s wait counts from the raise', async () => {
    const raised = await post.command({ type: 'request:raise', data: { kind: 'theft', priority: 'high' } });
    const requestId = raised.ok ? (raised.ref ?? '') : '';
    await consolePage.getByRole('option', { name: /#2/ }).click();
    await consolePage.getByTestId('suggestions').getByRole('button', { name: /KP-1/ }).click();
    await officerPage.getByRole('button', { name: 'NHẬN' }).waitFor(STEP);
    // Long enough that a clock restarted at the withdrawal would visibly show less.
    await consolePage.waitForTimeout(4_000);

    await consolePage.getByRole('button', { name: 'Rút KP-1' }).click();
    expect(assignmentOf(2, 'kp-1')?.status).toBe('pending');
    await consolePage
      .getByRole('group', { name: 'Rút KP-1 khỏi yêu cầu này?' })
      .getByRole('button', { name: 'Rút KP-1' })
      .click();
    await expect.poll(() => assignmentOf(2, 'kp-1')?.status, STEP).toBe('removed');

    const notice = officerPage.getByRole('alert').filter({ hasText: 'Nhiệm vụ ở yêu cầu số 2 đã được điều phối rút' });
    await notice.waitFor(STEP);
    await officerPage.waitForTimeout(1_000);
    expect(await notice.isVisible()).toBe(true);

    const card = postPage.locator(`.request-card[data-request="${requestId}"]`);
    await expect.poll(() => card.getAttribute('data-stage'), STEP).toBe('received');
    const request = server.server.engine.state.requests[requestId]!;
    const withdrawnAfterS = ((assignmentOf(2, 'kp-1')?.endedAt ?? 0) - request.raisedAt) / 1000;
    const shown = /Đã chờ (?:(\d+) phút )?(\d+) giây/.exec(await card.innerText());
    expect(shown).not.toBeNull();
    const waitedS = Number(shown?.[1] ?? 0) * 60 + Number(shown?.[2]);
    expect(waitedS).toBeGreaterThanOrEqual(Math.floor(withdrawnAfterS));

    await notice.getByRole('button', { name: 'ĐÃ BIẾT' }).click();
    await expect.poll(() => notice.count(), STEP).toBe(0);
  });

  it('the post names a responder from another commune under that officer’s own commune', async () => {
    await desk.command({ type: 'officer:set_duty', data: { duty: 'available', officerId: 'pl-1' } });
    const two = requestNumbered(2)!;
    await desk.command({ type: 'assignment:assign', data: { requestId: two.id, officerId: 'pl-1' } });
    const card = postPage.locator(`.request-card[data-request="${two.id}"]`);
    await expect.poll(() => card.innerText(), STEP).toContain('PL-1 (Phú Long)');
    expect(await card.innerText()).not.toContain('PL-1 (Kỳ Phú)');
  });

  it('alarms show the newest first with “+N more”, and clear when their requests are closed', async () => {
    for (const kind of ['fire', 'medical', 'disaster', 'other'] as const) {
      await post.command({ type: 'request:raise', data: { kind, priority: 'normal' } });
    }
    await expect.poll(() => consolePage.getByTestId('alarm-more').count(), STEP).toBe(1);
    const lines = await banner().locator('li').allInnerTexts();
    expect(lines).toHaveLength(3);
    // Newest first: no. 6 (the last raised) leads.
    expect(lines[0]).toContain('Yêu cầu mới số 6');
    expect(await consolePage.getByTestId('alarm-more').innerText()).toMatch(/^\+\d+ cảnh báo khác$/);

    for (const r of requests().filter((x) => x.number >= 3)) {
      await desk.command({ type: 'request:resolve', data: { requestId: r.id, outcome: 'false_alarm', note: '' } });
    }
    // Nobody acknowledged them: the alarms went with their cause.
    await expect.poll(bannerText, STEP).not.toContain('Yêu cầu mới số');
  });

  it('a post’s cancel rings on the console', async () => {
    const raised = await post.command({ type: 'request:raise', data: { kind: 'fight', priority: 'high' } });
    const requestId = raised.ok ? (raised.ref ?? '') : '';
    const number = server.server.engine.state.requests[requestId]!.number;
    await expect.poll(bannerText, STEP).toContain(`Yêu cầu mới số ${number}`);
    await post.command({ type: 'request:cancel', data: { requestId } });
    await expect.poll(bannerText, STEP).toContain(`Xã Kỳ Phú đã hủy yêu cầu số ${number}`);
    expect(await bannerText()).not.toContain(`Yêu cầu mới số ${number}`);
  });
});
