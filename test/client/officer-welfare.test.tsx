// @vitest-environment jsdom
// The officer screen on a real server whose clock the test moves: the assignment is reported delivered
// as soon as the phone has it, and an officer on scene too long gets the full-width "an toàn?" prompt
// with vibration; one press of AN TOÀN answers it on the server.
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { initialState } from '../../shared/reducer';
import { setLang } from '../../client/i18n';
import { DispatchClient } from '../../client/net/dispatch-client';
import { memoryOutboxStorage } from '../../client/net/outbox-storage';
import { OfficerScreen } from '../../client/screens/officer/officer-screen';
import { principals } from '../support/test-auth';
import { connectAs, type TestClient } from '../support/test-client';
import { startTestServer, type TestServer } from '../support/test-server';
import { renderScreen } from './screen-harness';

const CHECK_MS = 60_000;
let server: TestServer;
let dispatcher: TestClient;
let officer: DispatchClient;
const vibrate = vi.fn((_pattern: VibratePattern) => true);

beforeEach(async () => {
  setLang('vi');
  // jsdom has no vibration motor; the screen must still ask for one.
  Object.defineProperty(navigator, 'vibrate', { value: vibrate, configurable: true });
  server = await startTestServer({ config: { welfareCheckMs: CHECK_MS, welfareAlertMs: CHECK_MS } });
  dispatcher = await connectAs(server, principals.dispatcher());
});
afterEach(async () => {
  cleanup();
  officer.stop();
  dispatcher.close();
  await server.stop();
  vibrate.mockClear();
});

/** Each new step's button starts locked for a moment (against double taps): wait, then press. */
async function pressWhenUnlocked(name: string): Promise<void> {
  const button = await screen.findByRole<HTMLButtonElement>('button', { name });
  await waitFor(() => expect(button.disabled).toBe(false), { timeout: 5000 });
  fireEvent.click(button);
}

/** Advances the server's clock a second at a time, letting each timer tick's append finish. */
async function advance(ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 1000) {
    server.clock.advance(1000);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

it('delivery receipt on arrival; on scene too long: the safety prompt, an alert when unanswered, AN TOÀN answers', async () => {
  await dispatcher.command({ type: 'officer:set_duty', data: { duty: 'available', officerId: 'pl-1' } });
  const post = await connectAs(server, principals.post('phu-long'));
  const raised = await post.command({ type: 'request:raise', data: { kind: 'fire', priority: 'critical' } });
  post.close();
  const requestId = String(raised.ok && raised.ref);
  const assigned = await dispatcher.command({ type: 'assignment:assign', data: { requestId, officerId: 'pl-1' } });
  const assignmentId = String(assigned.ok && assigned.ref);
  const onServer = () => server.server.engine.state.assignments[assignmentId];

  officer = new DispatchClient({
    token: server.tokenFor(principals.officer('pl-1')),
    url: server.url,
    role: 'officer',
    baseState: initialState(server.cluster),
    outbox: memoryOutboxStorage(),
  });
  await officer.start();
  renderScreen(OfficerScreen, officer, principals.officer('pl-1'), server.cluster);

  fireEvent.click(await screen.findByRole('button', { name: 'NHẬN' }, { timeout: 5000 }));
  await waitFor(() => expect(onServer()?.deliveredAt).toEqual(expect.any(Number)));
  await pressWhenUnlocked('ĐANG ĐẾN');
  await pressWhenUnlocked('CÓ MẶT');
  await screen.findByRole('button', { name: 'XONG' });
  expect(screen.queryByRole('alertdialog')).toBeNull();

  await advance(CHECK_MS + 1000);
  const prompt = await screen.findByRole('alertdialog', { name: 'Đồng chí có an toàn không?' });
  expect(vibrate).toHaveBeenCalled();
  const safe = screen.getByRole('button', { name: 'AN TOÀN' });
  expect(document.activeElement).toBe(safe);

  await advance(CHECK_MS + 1000);
  await waitFor(() => expect(prompt.textContent).toContain('điều phối đã được báo động'));
  expect(onServer()?.welfareAlertAt).toEqual(expect.any(Number));

  fireEvent.click(safe);
  await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
  expect(onServer()?.welfareConfirmedAt).toEqual(expect.any(Number));
  expect(onServer()?.status).toBe('on_scene');
});
