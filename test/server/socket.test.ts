// Malformed payloads, unknown events, repeated ids, stale protocol versions, bad tokens and oversized
// messages: each gets its refusal, nothing is appended, and the server and other clients carry on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_TYPES, type CommandType } from '../../shared/commands';
import { MAX_MESSAGE_BYTES, PROTOCOL_VERSION } from '../../shared/protocol';
import { principals } from '../support/test-auth';
import {
  connectAs,
  expectConnectError,
  newCommandId,
  openSocket,
  untyped,
  type TestClient,
} from '../support/test-client';
import { startTestServer, type TestServer } from '../support/test-server';

/** One malformed payload per command type (a missing or wrong-typed field). */
const malformed: Record<CommandType, unknown> = {
  'request:raise': { kind: 'alien_invasion', priority: 'high' },
  'request:cancel': { reason: 'no request id' },
  'request:resolve': { requestId: 'r1', outcome: 'maybe' },
  'request:note': { requestId: 'r1', text: '' },
  'assignment:assign': { requestId: 'r1', officerId: 42 },
  'assignment:unassign': {},
  'assignment:accept': { assignmentId: '' },
  'assignment:decline': { assignmentId: 'a1', reason: 7 },
  'assignment:advance': { assignmentId: 'a1', status: 'teleported' },
  'officer:set_duty': { duty: 'asleep' },
  'request:mark_seen': { requestId: 5 },
  'assignment:mark_delivered': {},
  'assignment:confirm_safe': { assignmentId: ['a1'] },
  'officer:sos': { fix: { lat: 200, lon: 105, accuracy: 5, at: 1 } },
  'officer:sos_safe': {},
  'officer:sos_close': { requestId: 'r1', outcome: 'withdrawn' },
};

describe('bad input over real sockets', () => {
  let t: TestServer;
  let dispatcher: TestClient;
  let post: TestClient;
  let officer: TestClient;
  beforeAll(async () => {
    t = await startTestServer();
    dispatcher = await connectAs(t, principals.dispatcher());
    post = await connectAs(t, principals.post('phu-long'));
    officer = await connectAs(t, principals.officer('pl-1'));
    await dispatcher.command({ type: 'request:raise', data: { kind: 'fire', priority: 'high', commune: 'phu-long' } });
  });
  afterAll(async () => {
    for (const c of [dispatcher, post, officer]) c.close();
    await t.stop();
  });

  for (const type of COMMAND_TYPES) {
    it(`a malformed ${type} is refused with bad_request naming the field, nothing appended`, async () => {
      const before = t.seq();
      const ack = await untyped(dispatcher.socket).emitWithAck('command', {
        id: newCommandId(),
        type,
        data: malformed[type],
      });
      expect(ack).toMatchObject({ ok: false, code: 'bad_request', message: expect.stringMatching(/^data\./) });
      expect(t.seq()).toBe(before);
    });
  }

  it('an unknown command type is refused with unknown_command', async () => {
    const ack = await untyped(dispatcher.socket).emitWithAck('command', {
      id: newCommandId(),
      type: 'request:explode',
    });
    expect(ack).toMatchObject({ ok: false, code: 'unknown_command' });
  });

  it('a bad command id, extra fields and non-object payloads are bad_request', async () => {
    const before = t.seq();
    const payloads: unknown[] = [
      { id: 'x', type: 'request:note', data: { requestId: 'r1', text: 'hi' } },
      { id: newCommandId(), type: 'request:note', data: { requestId: 'r1', text: 'hi', extra: 1 } },
      'request:raise',
      null,
      42,
      [],
    ];
    for (const p of payloads) {
      expect(await untyped(dispatcher.socket).emitWithAck('command', p)).toMatchObject({
        ok: false,
        code: 'bad_request',
      });
    }
    expect(t.seq()).toBe(before);
  });

  it('a repeated command id returns the first result instead of acting twice', async () => {
    const id = newCommandId();
    const body = { type: 'request:raise', data: { kind: 'medical', priority: 'critical' } } as const;
    const first = await post.command({ id, ...body });
    const seq = t.seq();
    const again = await post.command({ id, ...body });
    expect(first).toMatchObject({ ok: true });
    expect(again).toEqual({ ...first, duplicate: true });
    expect(t.seq()).toBe(seq);
    // The same id from another account is that account's own command.
    const other = await connectAs(t, principals.post('ky-phu'));
    expect(await other.command({ id, ...body })).toMatchObject({ ok: true, seq: seq + 1 });
    other.close();
  });

  it('a command sent without an ack callback still does not crash the server', async () => {
    untyped(dispatcher.socket).emit(
      'command',
      { id: newCommandId(), type: 'request:note', data: { requestId: 'r1', text: 'x' } },
      undefined,
    );
    untyped(dispatcher.socket).emit('sync', 'garbage');
    untyped(dispatcher.socket).emit('position:report', { lat: 'north' });
    expect(await post.command({ type: 'request:note', data: { requestId: 'r1', text: 'vẫn chạy' } })).toMatchObject({
      ok: true,
    });
  });

  it('unknown socket events are ignored and the connection carries on', async () => {
    untyped(dispatcher.socket).emit('drop_tables', { all: true });
    expect(await dispatcher.sync(t.seq())).toMatchObject({ ok: true, mode: 'events', events: [] });
  });

  it('state refusals: not_found, invalid_state, officer_unavailable, officer_busy', async () => {
    const before = t.seq();
    expect(await dispatcher.command({ type: 'request:cancel', data: { requestId: 'r999' } })).toMatchObject({
      code: 'not_found',
    });
    expect(
      await dispatcher.command({ type: 'assignment:assign', data: { requestId: 'r1', officerId: 'zz-9' } }),
    ).toMatchObject({
      code: 'not_found',
    });
    expect(
      await dispatcher.command({ type: 'assignment:assign', data: { requestId: 'r1', officerId: 'pl-2' } }),
    ).toMatchObject({
      code: 'officer_unavailable',
    });
    expect(t.seq()).toBe(before);
    await dispatcher.command({ type: 'officer:set_duty', data: { duty: 'available', officerId: 'pl-2' } });
    const a = await dispatcher.command({ type: 'assignment:assign', data: { requestId: 'r1', officerId: 'pl-2' } });
    expect(a).toMatchObject({ ok: true });
    const seq = t.seq();
    expect(
      await dispatcher.command({ type: 'assignment:assign', data: { requestId: 'r1', officerId: 'pl-2' } }),
    ).toMatchObject({
      code: 'officer_busy',
    });
    // A dispatched request (it has a responder) can no longer be cancelled by the post.
    expect(await post.command({ type: 'request:cancel', data: { requestId: 'r1' } })).toMatchObject({
      code: 'invalid_state',
    });
    // Progress needs an accepted assignment.
    const assignmentId = a.ok ? (a.ref ?? '') : '';
    expect(
      await dispatcher.command({ type: 'assignment:advance', data: { assignmentId, status: 'on_scene' } }),
    ).toMatchObject({
      code: 'invalid_state',
    });
    expect(t.seq()).toBe(seq);
    expect(
      await dispatcher.command({ type: 'request:resolve', data: { requestId: 'r1', outcome: 'false_alarm' } }),
    ).toMatchObject({
      ok: true,
    });
    // Resolving withdrew the pending assignment: pl-2 is free again.
    expect(t.server.engine.state.assignments[assignmentId]?.status).toBe('removed');
    expect(
      await dispatcher.command({ type: 'request:resolve', data: { requestId: 'r1', outcome: 'handled' } }),
    ).toMatchObject({
      code: 'invalid_state',
    });
  });

  it('a position report from a non-officer is forbidden; a malformed one is bad_request', async () => {
    const fix = { lat: 20.3, lon: 105.7, accuracy: 10, at: t.clock.now() };
    expect(await post.socket.emitWithAck('position:report', fix)).toMatchObject({ code: 'forbidden' });
    expect(await officer.socket.emitWithAck('position:report', { ...fix, lat: 123 })).toMatchObject({
      code: 'bad_request',
    });
    expect(await officer.socket.emitWithAck('position:report', fix)).toEqual({ ok: true });
  });

  it('a stale protocol version gets connect_error protocol_mismatch', async () => {
    const socket = openSocket(t.url, { token: t.tokenFor(principals.dispatcher()), protocol: PROTOCOL_VERSION - 1 });
    expect(await expectConnectError(socket)).toMatchObject({ code: 'protocol_mismatch' });
    socket.close();
  });

  it('a bad, missing or expired token gets connect_error unauthenticated with the reason', async () => {
    const bad = openSocket(t.url, { token: 'forged.token', protocol: PROTOCOL_VERSION });
    expect(await expectConnectError(bad)).toMatchObject({
      code: 'unauthenticated',
      message: 'token signature invalid',
    });
    bad.close();
    const none = openSocket(t.url, { protocol: PROTOCOL_VERSION });
    expect(await expectConnectError(none)).toMatchObject({ code: 'unauthenticated' });
    none.close();
    const token = t.tokenFor(principals.dispatcher(), 1000);
    t.clock.advance(1000);
    const expired = openSocket(t.url, { token, protocol: PROTOCOL_VERSION });
    expect(await expectConnectError(expired)).toMatchObject({ code: 'unauthenticated', message: 'token expired' });
    expired.close();
  });

  it('an oversized message is refused with too_large, nothing appended, and the connection carries on', async () => {
    const before = t.seq();
    const ack = await untyped(post.socket).emitWithAck('command', {
      id: newCommandId(),
      type: 'request:raise',
      data: { kind: 'other', priority: 'normal', note: 'x'.repeat(MAX_MESSAGE_BYTES) },
    });
    expect(ack).toMatchObject({ ok: false, code: 'too_large' });
    expect(t.seq()).toBe(before);
    expect(await post.command({ type: 'request:note', data: { requestId: 'r1', text: 'vẫn kết nối' } })).toMatchObject({
      ok: true,
    });
  });

  it('a message far beyond the limit cuts only its sender’s connection; others carry on', async () => {
    const big = await connectAs(t, principals.post('phu-long'));
    const before = t.seq();
    const closed = new Promise<string>((resolve) => big.socket.once('disconnect', resolve));
    untyped(big.socket).emit('command', {
      id: newCommandId(),
      type: 'request:raise',
      data: { kind: 'other', priority: 'normal', note: 'x'.repeat(2_000_000) },
    });
    expect(await closed).toBe('transport close');
    expect(t.seq()).toBe(before);
    expect(await post.command({ type: 'request:raise', data: { kind: 'other', priority: 'normal' } })).toMatchObject({
      ok: true,
      seq: before + 1,
    });
  });

  it('a session whose token expires while connected is refused unauthenticated and disconnected', async () => {
    const short = await connectAs(t, principals.post('cuc-phuong'), {
      token: t.tokenFor(principals.post('cuc-phuong'), 60_000),
    });
    const closed = new Promise<string>((resolve) => short.socket.once('disconnect', resolve));
    t.clock.advance(60_000);
    await t.server.engine.catchUp(); // let the alarms that fell due land first
    const before = t.seq();
    expect(await short.command({ type: 'request:raise', data: { kind: 'other', priority: 'normal' } })).toMatchObject({
      ok: false,
      code: 'unauthenticated',
      message: 'token expired',
    });
    expect(await closed).toBe('io server disconnect');
    expect(t.seq()).toBe(before);
  });
});

describe('rate limiting', () => {
  it('too many commands in a burst from one socket are refused with rate_limited, nothing appended', async () => {
    const t = await startTestServer({ deps: { rateLimit: { burst: 3, perSecond: 0.001 } } });
    const post = await connectAs(t, principals.post('thanh-van'));
    const acks = await Promise.all(
      Array.from({ length: 5 }, () =>
        post.command({ type: 'request:raise', data: { kind: 'theft', priority: 'normal' } }),
      ),
    );
    expect(acks.filter((a) => a.ok)).toHaveLength(3);
    expect(acks.filter((a) => !a.ok && a.code === 'rate_limited')).toHaveLength(2);
    expect(t.seq()).toBe(3);
    post.close();
    await t.stop();
  });
});
