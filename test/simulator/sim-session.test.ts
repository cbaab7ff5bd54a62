// A simulated session's start-up gives up when its client never goes live: the client reconnects forever
// on its own, and the demo start-up (server/main.ts) waits on the simulator's sessions.
import net from 'node:net';
import { expect, it } from 'vitest';
import { DispatchClient } from '../../client/net/dispatch-client';
import { initialState } from '../../shared/reducer';
import { untilLive } from '../../simulator/sim-session';
import { seedCluster } from '../support/cluster-fixture';

/** A loopback port nothing listens on (taken, then freed): every connect attempt fails. */
async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

it('a session whose client never connects fails its start within the limit rather than waiting forever', async () => {
  const client = new DispatchClient({
    token: 'x',
    url: `http://127.0.0.1:${await deadPort()}`,
    role: 'post',
    baseState: initialState(seedCluster),
    socketOptions: { reconnectionDelayMax: 100 },
  });
  await client.start();
  try {
    await expect(untilLive(client, 'post-ky-phu', 500)).rejects.toThrow(/not live after 500 ms/);
  } finally {
    client.stop();
  }
});
