// A second CONNECT for the namespace on a connection already admitted. The upgrade request is released
// once a socket is admitted (server/socket/handshake.ts), and the origin check reads it: Socket.IO
// must close such a connection before any check runs, since a throw in its middleware is an unhandled
// rejection (the process would exit).
import { beforeEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { principals } from '../support/test-auth';
import { eventually } from '../support/test-client';
import type { TestServer } from '../support/test-server';
import { serverPerTest } from '../support/server-per-test';

interface RawEngine {
  send(data: string): void;
}

describe('a second CONNECT on an admitted connection', () => {
  const server = serverPerTest();
  const { connect } = server;
  let t: TestServer;
  beforeEach(async () => {
    t = await server.start();
  });

  it('closes that connection, crashes nothing, and the server serves the others', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      const d = await connect(principals.dispatcher());
      const reasons: string[] = [];
      d.socket.on('disconnect', (reason) => reasons.push(reason));
      const token = t.tokenFor(principals.dispatcher());
      // A Socket.IO CONNECT packet (type 0) for "/", written past the client library.
      (d.socket.io.engine as unknown as RawEngine).send(`0${JSON.stringify({ token, protocol: PROTOCOL_VERSION })}`);
      await eventually(() => reasons.length > 0);
      expect(reasons).toEqual(['transport close']);
      const other = await connect(principals.dispatcher('d2'));
      expect(await other.sync(0)).toMatchObject({ ok: true });
      expect(t.server.io.of('/').sockets.size).toBe(1);
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });
});
