import 'fake-indexeddb/auto';
// A post whose login expired mid-shift must not lose the request it raised at that moment.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { initialState } from '../../shared/reducer';
import { DispatchClient } from '../../client/net/dispatch-client';
import { memoryOutboxStorage } from '../../client/net/outbox-storage';
import { principals } from '../support/test-auth';
import { startTestServer, type TestServer } from '../support/test-server';
import { isLive, waitForSnapshot } from './wait';

let running: TestServer;
const clients: DispatchClient[] = [];
beforeEach(async () => {
  running = await startTestServer();
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.stop();
  await running.stop();
});

it('a request raised after the token expired stays in the outbox and goes out after a new login', async () => {
  const storage = memoryOutboxStorage();
  const who = principals.post('ky-phu');
  const mk = (token: string) => {
    const c = new DispatchClient({
      token,
      url: running.url,
      role: 'post',
      outbox: storage,
      baseState: initialState(running.cluster),
      retry: { baseMs: 50, maxMs: 400 },
      socketOptions: { reconnectionDelay: 50, reconnectionDelayMax: 200 },
    });
    clients.push(c);
    return c;
  };
  const post = mk(running.tokenFor(who, 60_000));
  await post.start();
  await waitForSnapshot(post, isLive, 'live');
  running.clock.advance(120_000);
  void post.send({ type: 'request:raise', data: { kind: 'fight', priority: 'critical', note: 'sau hạn' } });
  await waitForSnapshot(post, (s) => s.connection.kind === 'refused', 'refused');
  expect(post.getSnapshot().outbox.map((e) => e.command.type)).toEqual(['request:raise']);
  expect(post.getSnapshot().refusals).toEqual([]);
  post.stop();
  const again = mk(running.tokenFor(who));
  await again.start();
  await waitForSnapshot(again, (s) => s.outbox.length === 0 && s.connection.kind === 'live', 'sent');
  expect(Object.values(running.server.engine.state.requests).map((r) => r.note)).toEqual(['sau hạn']);
});
