// @vitest-environment jsdom
// The post screen with requests still in the outbox (the server cannot be reached): each is marked
// "Đang chờ gửi – cụm chưa nhận được", the header counts them with the oldest one's age, and one can be
// cancelled before it leaves the device, which also removes it from storage (a reload will not send it).
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { RequestKind } from '../../shared/domain';
import { initialState } from '../../shared/reducer';
import { setLang } from '../../client/i18n';
import { DispatchClient } from '../../client/net/dispatch-client';
import { memoryOutboxStorage, type OutboxEntry } from '../../client/net/outbox-storage';
import { PostScreen } from '../../client/screens/post/post-screen';
import { principals } from '../support/test-auth';
import { seedCluster } from '../support/cluster-fixture';
import { renderScreen } from './screen-harness';

let client: DispatchClient;

beforeEach(() => setLang('vi'));
afterEach(() => {
  cleanup();
  client.stop();
});

function queued(id: string, kind: RequestKind, ageMs: number): OutboxEntry {
  const at = Date.now() - ageMs;
  return {
    command: { id, type: 'request:raise', data: { kind, priority: 'critical', note: id }, sentAt: at },
    queuedAt: at,
    attempts: 0,
    lastError: null,
  };
}

it('shows each queued request as not yet delivered, the count and oldest age, and cancels one', async () => {
  const cluster = seedCluster;
  const storage = memoryOutboxStorage([
    queued('queued-fight', 'fight', 125_000),
    queued('queued-theft', 'theft', 30_000),
    queued('queued-fire0', 'fire', 5_000),
  ]);
  // A closed loopback port: every connection attempt is refused, as with no network.
  client = new DispatchClient({
    token: 'never-checked',
    url: 'http://127.0.0.1:9',
    role: 'post',
    baseState: initialState(cluster),
    outbox: storage,
  });
  await client.start();
  const { container } = renderScreen(PostScreen, client, principals.post('phu-long'), cluster);

  const cards = () => [...container.querySelectorAll<HTMLElement>('[data-outbox]')];
  expect(cards().map((c) => c.dataset.outbox)).toEqual(['queued-fight', 'queued-theft', 'queued-fire0']);
  for (const card of cards()) expect(card.textContent).toContain('Đang chờ gửi – cụm chưa nhận được');
  expect(screen.getByTestId('outbox-badge').textContent).toMatch(/^3 yêu cầu chờ gửi · lâu nhất 2 phút 0\d giây$/);

  const theft = cards()[1]!;
  fireEvent.click(within(theft).getByRole('button', { name: 'Hủy yêu cầu' }));
  fireEvent.click(within(theft).getByRole('button', { name: 'Có, hủy yêu cầu' }));
  await waitFor(() => expect(cards().map((c) => c.dataset.outbox)).toEqual(['queued-fight', 'queued-fire0']));
  expect(screen.getByTestId('outbox-badge').textContent).toMatch(/^2 yêu cầu chờ gửi/);
  expect((await storage.load()).map((e) => e.command.id)).toEqual(['queued-fight', 'queued-fire0']);
  expect(client.getSnapshot().connection.kind).not.toBe('live');
});
