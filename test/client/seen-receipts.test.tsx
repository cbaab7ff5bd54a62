// @vitest-environment jsdom
// useSeenReceipts without a list of ids: once rendered, every open request that no console has seen is
// marked seen, once; requests raised later are marked as they arrive. (The console passes the ids a
// dispatcher opened or acknowledged; test/browser/field-trial.test.ts checks that.)
import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { CommandInput } from '../../shared/commands';
import { initialState } from '../../shared/reducer';
import { DispatchClient } from '../../client/net/dispatch-client';
import { useClientSelector } from '../../client/net/react';
import { useSeenReceipts } from '../../client/net/use-receipts';
import { principals } from '../support/test-auth';
import { connectAs, type TestClient } from '../support/test-client';
import { startTestServer, type TestServer } from '../support/test-server';
import { renderScreen } from './screen-harness';
import { isLive, waitForSnapshot } from './wait';

let server: TestServer;
let post: TestClient;
let consoleClient: DispatchClient;

beforeEach(async () => {
  server = await startTestServer();
  post = await connectAs(server, principals.post('phu-long'));
});
afterEach(async () => {
  cleanup();
  consoleClient.stop();
  post.close();
  await server.stop();
});

function ConsoleProbe() {
  useSeenReceipts();
  const count = useClientSelector((s) => Object.keys(s.state.requests).length);
  return <p>{count}</p>;
}

const raise = async (note: string) => {
  const ack = await post.command({ type: 'request:raise', data: { kind: 'fight', priority: 'high', note } });
  return String(ack.ok && ack.ref);
};

it('marks open requests seen once each after rendering, including ones raised later', async () => {
  const before = await raise('trước khi mở màn hình');
  consoleClient = new DispatchClient({
    token: server.tokenFor(principals.dispatcher('disp-7')),
    url: server.url,
    role: 'dispatcher',
    baseState: initialState(server.cluster),
  });
  let sent = 0;
  consoleClient.socket.onAnyOutgoing((event: string, command: CommandInput) => {
    if (event === 'command' && command.type === 'request:mark_seen') sent += 1;
  });
  await consoleClient.start();
  await waitForSnapshot(consoleClient, isLive, 'console live');
  renderScreen(ConsoleProbe, consoleClient, principals.dispatcher('disp-7'), server.cluster);
  const seenOnServer = (id: string) => server.server.engine.state.requests[id]?.seenAt ?? null;
  await waitForSnapshot(consoleClient, (s) => s.state.requests[before]?.seenAt != null, 'first seen');
  const later = await raise('sau khi mở màn hình');
  await waitForSnapshot(consoleClient, (s) => s.state.requests[later]?.seenAt != null, 'later seen');
  expect(seenOnServer(before)).toEqual(expect.any(Number));
  expect(server.server.engine.state.requests[later]?.seenBy).toBe('disp-7');
  // A third request, to let any stray resend of the first two show up before counting.
  const third = await raise('thứ ba');
  await waitForSnapshot(consoleClient, (s) => s.state.requests[third]?.seenAt != null, 'third seen');
  expect(sent).toBe(3);
});
