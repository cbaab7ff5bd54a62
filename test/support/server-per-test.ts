// One test server per test and the clients connected to it, for a describe block whose tests each
// start their own server (in a beforeEach or in the test itself, with the options it needs).
// Call it once in the describe block: it registers an afterEach that closes every client connected
// during the test, then stops the server last started (removing its data dir).
//
//   const server = serverPerTest();
//   const { connect } = server;
//   let t: TestServer;
//   beforeEach(async () => {
//     t = await server.start({ config: { assignmentDeadlineMs: 60_000 } });
//   });
//   it('…', async () => {
//     const d = await connect(principals.dispatcher());
//     …
//   });
import { afterEach } from 'vitest';
import type { Principal } from '../../shared/domain';
import { connectAs, type ConnectOptions, type TestClient } from './test-client';
import { startTestServer, type TestServer, type TestServerOptions } from './test-server';

export interface ServerPerTest {
  /** Starts this test's server. */
  start(options?: TestServerOptions): Promise<TestServer>;
  /** Restarts this test's server on the same data dir (see TestServer.restart) and returns the new one. */
  restart(): Promise<TestServer>;
  /** Connects a client to this test's current server; it is closed after the test. */
  connect(principal: Principal, options?: ConnectOptions): Promise<TestClient>;
}

export function serverPerTest(): ServerPerTest {
  let current: TestServer | undefined;
  const clients: TestClient[] = [];
  const running = (): TestServer => {
    if (!current) throw new Error('no test server started in this test');
    return current;
  };
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    const last = running();
    current = undefined;
    await last.stop();
  });
  return {
    start: async (options) => {
      current = await startTestServer(options);
      return current;
    },
    restart: async () => {
      current = await running().restart();
      return current;
    },
    connect: async (principal, options) => {
      const c = await connectAs(running(), principal, options);
      clients.push(c);
      return c;
    },
  };
}
