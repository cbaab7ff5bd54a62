// A token that expires between the handshake's verify and the connection's set-up ends that socket at
// once; the officer it belonged to must still go offline (a presence stuck "online" would suppress the
// offline and SOS lost-contact alerts). Real server, real socket, fake clock.
import { afterEach, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { principals } from '../support/test-auth';
import { eventually, openSocket } from '../support/test-client';
import { startTestServer, type TestServer } from '../support/test-server';

let t: TestServer | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

it('an officer whose token expires as the socket connects is not left online', async () => {
  t = await startTestServer();
  const server = t.server;
  const officer = principals.officer('pl-1');
  // The clock ticks past the expiry after the handshake verified the token, before 'connection'.
  const clock = t.clock;
  server.io.use((_socket, next) => {
    clock.advance(5);
    next();
  });
  const socket = openSocket(t.url, { token: t.tokenFor(officer, 5), protocol: PROTOCOL_VERSION });
  try {
    const reason = await new Promise<string>((resolve) => {
      socket.on('disconnect', resolve);
      socket.on('connect_error', (e) => resolve(`connect_error ${e.message}`));
    });
    expect(reason).toBe('io server disconnect');
    await eventually(() => server.io.of('/').sockets.size === 0);
    await eventually(() => !server.presence.isLocal('pl-1'), 1000);
    expect(server.presence.offlineSince('pl-1')).not.toBeNull();
  } finally {
    socket.close();
  }
});
