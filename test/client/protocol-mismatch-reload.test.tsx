// @vitest-environment jsdom
import 'fake-indexeddb/auto';
// A device on another build than the node (an old tab or installed PWA after protocol 2, or a new build
// on a node not yet upgraded) is refused with `protocol_mismatch` by a real server. The banner then
// offers "Tải lại ứng dụng", the page reloads by itself once (only after the outbox is written, at most
// once a minute), and the post's and the SOS's queued hints say "after reloading", not "when there is network".
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { initialState } from '../../shared/reducer';
import type { Principal } from '../../shared/domain';
import { setLang } from '../../client/i18n';
import { DispatchClient } from '../../client/net/dispatch-client';
import { indexedDbOutboxStorage } from '../../client/net/indexeddb-outbox-storage';
import type { OutboxEntry, OutboxStorage } from '../../client/net/outbox-storage';
import { useClientSnapshot, useDispatch } from '../../client/net/react';
import { PostScreen } from '../../client/screens/post/post-screen';
import { SosControl, useSosMode } from '../../client/screens/officer/sos-control';
import { AUTO_RELOAD_KEY, browserReload } from '../../client/hooks/use-reload-on-protocol-mismatch';
import { principals } from '../support/test-auth';
import { startTestServer, type TestServer } from '../support/test-server';
import { renderScreen } from './screen-harness';
import { waitForSnapshot } from './wait';

let server: TestServer;
const clients: DispatchClient[] = [];
const reload = vi.spyOn(browserReload, 'reload');

beforeEach(async () => {
  setLang('vi');
  sessionStorage.clear();
  reload.mockReset();
  reload.mockImplementation(() => undefined);
  server = await startTestServer();
});
afterEach(async () => {
  cleanup();
  for (const c of clients.splice(0)) c.stop();
  await server.stop();
});

/** A client of the other build: it speaks a protocol version the node does not. */
async function refusedClient(who: Principal, outbox: OutboxStorage): Promise<DispatchClient> {
  const client = new DispatchClient({
    token: server.tokenFor(who),
    url: server.url,
    role: who.role,
    baseState: initialState(server.cluster),
    outbox,
    socketOptions: { auth: { token: server.tokenFor(who), protocol: PROTOCOL_VERSION - 1 } },
  });
  clients.push(client);
  await client.start();
  await waitForSnapshot(client, (s) => s.connection.kind === 'refused', 'refused');
  expect(client.getSnapshot().connection).toMatchObject({ kind: 'refused', code: 'protocol_mismatch' });
  return client;
}

/** Resolves only when let through: a save to IndexedDB that is still under way. */
function gatedStorage(inner: OutboxStorage): OutboxStorage & { open: () => void } {
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    load: () => inner.load(),
    save: async (entries: OutboxEntry[]) => {
      await gate;
      await inner.save(entries);
    },
    open: () => open(),
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('refused for protocol mismatch: a reload button, one automatic reload, and the post says "after reloading"', async () => {
  const who = principals.post('ky-phu');
  const storage = indexedDbOutboxStorage(`outbox:${who.accountId}`);
  const client = await refusedClient(who, storage);
  renderScreen(PostScreen, client, who, server.cluster);

  expect(document.querySelector('[data-connection="refused"]')?.textContent).toBe(
    'Hệ thống từ chối kết nối: Phiên bản phần mềm không khớp với hệ thống: tải lại ứng dụng.',
  );
  await waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
  expect(Number(sessionStorage.getItem(AUTO_RELOAD_KEY))).toBeGreaterThan(0);

  // A request raised now waits in IndexedDB, and the post is told when it will really go out.
  fireEvent.keyDown(screen.getByRole('button', { name: /YÊU CẦU/ }), { key: ' ' });
  fireEvent.click(await screen.findByRole('button', { name: 'Gây rối / đánh nhau' }, { timeout: 5000 }));
  fireEvent.click(screen.getByRole('button', { name: 'GỬI YÊU CẦU' }));
  const notice = await screen.findByTestId('post-queued-notice');
  expect(notice.textContent).toBe(
    'Phiên bản phần mềm không khớp với hệ thống: yêu cầu được giữ trong máy và chỉ gửi sau khi tải lại ứng dụng.',
  );
  await waitFor(async () => expect((await storage.load()).map((e) => e.command.type)).toEqual(['request:raise']));

  fireEvent.click(screen.getByRole('button', { name: 'Tải lại ứng dụng' }));
  await waitFor(() => expect(reload).toHaveBeenCalledTimes(2));

  // The page came back within the minute and the node still says "mismatch": no second automatic reload.
  cleanup();
  renderScreen(PostScreen, client, who, server.cluster);
  expect(screen.getByRole('button', { name: 'Tải lại ứng dụng' })).toBeTruthy();
  await pause(300);
  expect(reload).toHaveBeenCalledTimes(2);

  setLang('en');
  expect(await screen.findByRole('button', { name: 'Reload the app' })).toBeTruthy();
});

it('the automatic reload waits until the outbox is written', async () => {
  const who = principals.post('ky-phu');
  const storage = gatedStorage(indexedDbOutboxStorage(`outbox:gated:${who.accountId}`));
  const client = await refusedClient(who, storage);
  void client.send({ type: 'request:raise', data: { kind: 'fire', priority: 'critical', note: 'trước khi tải lại' } });
  renderScreen(PostScreen, client, who, server.cluster);
  await pause(300);
  expect(reload).not.toHaveBeenCalled();
  storage.open();
  await waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
  expect((await storage.load()).map((e) => e.command.type)).toEqual(['request:raise']);
});

function SosUnderTest({ officerId }: { officerId: string }) {
  const { client } = useDispatch();
  const snapshot = useClientSnapshot();
  const mode = useSosMode(snapshot.state, snapshot.outbox, officerId);
  return (
    <SosControl
      client={client}
      state={snapshot.state}
      outbox={snapshot.outbox}
      connection={snapshot.connection}
      officerId={officerId}
      fix={null}
      mode={mode}
    />
  );
}

it('a queued SOS on a refused link says it goes out after reloading, not when the network returns', async () => {
  const who = principals.officer('pl-1');
  const client = await refusedClient(who, indexedDbOutboxStorage(`outbox:${who.accountId}`));
  void client.send({ type: 'officer:sos', data: {} });
  renderScreen(() => <SosUnderTest officerId="pl-1" />, client, who, server.cluster);
  const hint = await screen.findByTestId('sos-queued-hint');
  expect(hint.textContent).toBe(
    'Phiên bản phần mềm không khớp với hệ thống: SOS được giữ trong máy và chỉ gửi sau khi tải lại ứng dụng. Gọi điện hoặc bộ đàm ngay.',
  );
  setLang('en');
  await waitFor(() => expect(hint.textContent).toMatch(/goes out only after the app is reloaded/));
});
