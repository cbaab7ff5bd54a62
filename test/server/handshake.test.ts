// After the handshake (server/socket/handshake.ts) a socket drops its own references to the HTTP upgrade
// request and headers, and keeps what later checks read: the token (re-checked per packet) and the address (the
// per-IP rate limit).
import { beforeEach, describe, expect, it } from 'vitest';
import { principals } from '../support/test-auth';
import type { TestServer } from '../support/test-server';
import { serverPerTest } from '../support/server-per-test';

describe('a connected socket', () => {
  const server = serverPerTest();
  const { connect } = server;
  let t: TestServer;
  beforeEach(async () => {
    t = await server.start();
  });

  // Only our own references: engine.io 6.6 itself holds the request until the TCP socket closes (handshake.ts).
  it('releases its own references to the upgrade request and headers, and keeps the token and the address', async () => {
    const d = await connect(principals.dispatcher());
    const [socket, ...others] = [...t.server.io.of('/').sockets.values()];
    expect(others).toEqual([]);
    expect(socket?.conn.request).toBeNull();
    expect(socket?.request).toBeNull();
    expect(socket?.handshake.headers).toEqual({});
    expect(socket?.handshake.address).toMatch(/127\.0\.0\.1/);
    expect(typeof (socket?.handshake.auth as { token?: unknown }).token).toBe('string');
    // Still admitted: the per-packet token check and the per-IP limit have what they need.
    expect(await d.sync(0)).toMatchObject({ ok: true });
  });
});
