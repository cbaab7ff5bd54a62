// Frames built to stop the process or slip past the checks: deep nesting, very wide payloads,
// binary attachments, missing acks and extra arguments. Each is refused with its code, nothing is
// appended, and the server (and the sender's connection) carries on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principals } from '../support/test-auth';
import { deepArrayJson, deepObjectJson, rawSender } from '../support/raw-frames';
import { connectAs, newCommandId, untyped, type TestClient } from '../support/test-client';
import { startTestServer, type TestServer } from '../support/test-server';

describe('hostile frames over a real socket', () => {
  let t: TestServer;
  let officer: TestClient;
  let dispatcher: TestClient;
  beforeAll(async () => {
    t = await startTestServer();
    officer = await connectAs(t, principals.officer('pl-1'));
    dispatcher = await connectAs(t, principals.dispatcher());
  });
  afterAll(async () => {
    officer.close();
    dispatcher.close();
    await t.stop();
  });

  /** A command that always appends one event. */
  const alive = async () => {
    const before = t.seq();
    const raise = { kind: 'other', priority: 'normal', commune: 'ky-phu' } as const;
    expect(await dispatcher.command({ type: 'request:raise', data: raise })).toMatchObject({
      ok: true,
      seq: before + 1,
    });
  };

  for (const event of ['command', 'sync', 'position:report']) {
    it(`a ${event} nested 5,000 levels deep is refused bad_request, the process and the connection carry on`, async () => {
      const before = t.seq();
      const raw = rawSender(officer);
      for (const payload of [deepArrayJson(5000), deepObjectJson(5000)]) {
        const ack = await raw.send(`["${event}",${payload}]`);
        expect(ack).toMatchObject({ ok: false, code: 'bad_request', message: expect.stringMatching(/nested deeper/) });
      }
      expect(t.seq()).toBe(before);
      expect(officer.socket.connected).toBe(true);
      await alive();
    });
  }

  it('an unknown event nested deep, and a deep binary event, are refused without harm', async () => {
    const raw = rawSender(officer);
    expect(await raw.send(`["no:such",${deepArrayJson(5000)}]`)).toMatchObject({ code: 'unknown_command' });
    const blob = '{"_placeholder":true,"num":0}';
    expect(
      await raw.send(`["command",{"data":${deepArrayJson(2000)},"blob":${blob}}]`, [Buffer.alloc(16)]),
    ).toMatchObject({
      code: 'bad_request',
    });
    expect(
      await untyped(officer.socket).emitWithAck('command', { id: newCommandId(), b: Buffer.alloc(8) }),
    ).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/binary/) });
    await alive();
  });

  it('a very wide payload is refused too_large', async () => {
    const wide = { id: newCommandId(), type: 'request:raise', data: { kind: 'fire', list: new Array(20_000).fill(0) } };
    expect(await untyped(dispatcher.socket).emitWithAck('command', wide)).toMatchObject({ code: 'too_large' });
    const manyKeys = Object.fromEntries(Array.from({ length: 5000 }, (_v, i) => [`k${i}`, i]));
    expect(await untyped(dispatcher.socket).emitWithAck('sync', manyKeys)).toMatchObject({ code: 'too_large' });
    await alive();
  });

  it('a command with extra arguments is refused bad_request and not applied', async () => {
    const before = t.seq();
    const command = { id: newCommandId(), type: 'officer:set_duty', data: { officerId: 'kp-2', duty: 'available' } };
    const ack: unknown = await untyped(dispatcher.socket).emitWithAck('command', command, 'extra');
    expect(ack).toMatchObject({ ok: false, code: 'bad_request', message: expect.stringMatching(/one payload/) });
    expect(t.seq()).toBe(before);
  });

  it('a command without an ack callback is not applied', async () => {
    const before = t.seq();
    const command = { id: newCommandId(), type: 'officer:set_duty', data: { officerId: 'kp-3', duty: 'available' } };
    untyped(dispatcher.socket).emit('command', command);
    // The same socket's next command is handled after it: had the first been applied, seq would show it.
    await alive();
    expect(t.seq()).toBe(before + 1);
    expect(t.server.engine.state.officers['kp-3']?.duty).toBe('off_duty');
  });
});
