// A simulated session: its start-up gives up when its client never goes live (the client reconnects
// forever on its own, and the demo start-up in server/main.ts waits on the sessions), and what its outbox
// still holds at the end of a run is counted.
import { freePort } from '../support/free-port';
import { expect, it, vi } from 'vitest';
import { DispatchClient } from '../../client/net/dispatch-client';
import { DEMO_PASSWORD, demoPostUsername } from '../../server/demo-accounts';
import { initialState } from '../../shared/reducer';
import { SimSession, untilLive } from '../../simulator/sim-session';
import { emptyStats, summarize } from '../../simulator/stats';
import { cluster, startBrowserServer } from '../browser/browser-server';

it('a session whose client never connects fails its start within the limit rather than waiting forever', async () => {
  const client = new DispatchClient({
    token: 'x',
    url: `http://127.0.0.1:${await freePort()}`,
    role: 'post',
    baseState: initialState(cluster),
    socketOptions: { reconnectionDelayMax: 100 },
  });
  await client.start();
  try {
    await expect(untilLive(client, 'post-ky-phu', 500)).rejects.toThrow(/not live after 500 ms/);
  } finally {
    client.stop();
  }
});

it('a command still in the outbox when the session closes is counted as queued at stop', async () => {
  const server = await startBrowserServer();
  const stats = emptyStats();
  const session = new SimSession(server.url, demoPostUsername('ky-phu'), DEMO_PASSWORD, stats, initialState(cluster));
  try {
    await session.start();
    await server.stop(); // the link is gone: what the post raises now waits in its outbox
    await vi.waitFor(() => expect(session.getSnapshot().connection.kind).not.toBe('live'), { timeout: 10_000 });
    const location = cluster.communes.find((c) => c.id === 'ky-phu')!.post.location;
    void session.command({
      type: 'request:raise',
      data: { kind: 'fight', priority: 'high', note: '', location, respondersWanted: 1 },
    });
    await vi.waitFor(() => expect(session.getSnapshot().outbox).toHaveLength(1));
  } finally {
    session.close();
  }
  expect(stats.queuedAtStop).toBe(1);
  expect(stats.commandsLost).toBe(0);
  expect(summarize(stats)).toContain('1 still queued at stop');
});
