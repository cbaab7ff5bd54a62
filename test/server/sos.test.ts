// Officer SOS over real sockets: who may raise, answer and close it, who hears it, the offer to the
// nearest available officers, and "mất liên lạc" when the SOS officer's phone goes silent (fake clock).
import { beforeEach, describe, expect, it } from 'vitest';
import type { DispatchEvent } from '../../shared/events';
import { principals } from '../support/test-auth';
import { ackRef, eventually, type TestClient } from '../support/test-client';
import type { TestServer } from '../support/test-server';
import { serverPerTest } from '../support/server-per-test';

/** Phú Long's neighbours in the cluster file are Kỳ Phú and Thành Vân; Cúc Phương is not one. */
const PL_ALERTED = ['ky-phu', 'phu-long', 'thanh-van'];
const fixAt = (t: TestServer, lat: number, lon: number) => ({ lat, lon, accuracy: 8, at: t.clock.now() });
const types = (c: TestClient) => c.events.map((e) => e.type);

describe('officer SOS', () => {
  const server = serverPerTest();
  const { connect } = server;
  let t: TestServer;
  beforeEach(async () => {
    t = await server.start({ config: { sosLostContactMs: 30_000, assignmentDeadlineMs: 60_000 } });
  });

  it('only the officer itself raises its SOS; a second one returns the first', async () => {
    const d = await connect(principals.dispatcher());
    const post = await connect(principals.post('phu-long'));
    const pl1 = await connect(principals.officer('pl-1'));
    expect(await d.command({ type: 'officer:sos', data: {} })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await post.command({ type: 'officer:sos', data: {} })).toMatchObject({ ok: false, code: 'forbidden' });
    // Nor can anyone raise the SOS kind as an ordinary request.
    expect(
      await post.command({ type: 'request:raise', data: { kind: 'officer_support', priority: 'critical' } }),
    ).toMatchObject({ ok: false, code: 'bad_request' });
    expect(t.seq()).toBe(0);

    const fix = fixAt(t, 20.2, 105.79);
    const ack = await pl1.command({ type: 'officer:sos', data: { fix } });
    const requestId = ackRef(ack);
    expect(requestId).toBe('r1');
    const request = t.server.engine.state.requests[requestId];
    expect(request).toMatchObject({
      kind: 'officer_support',
      priority: 'critical',
      commune: 'phu-long',
      status: 'open',
      location: { lat: fix.lat, lon: fix.lon },
      sos: { officerId: 'pl-1', fix, alertCommunes: PL_ALERTED, safeAt: null, closedAt: null },
    });
    expect(await pl1.command({ type: 'officer:sos', data: {} })).toMatchObject({ ok: true, ref: requestId });
    expect(t.seq()).toBe(2);
  });

  it('an SOS with a fix far outside the cluster is still raised, at the officer’s post, the fix dropped', async () => {
    const pl1 = await connect(principals.officer('pl-1'));
    const ack = await pl1.command({ type: 'officer:sos', data: { fix: fixAt(t, 10.8, 106.6) } });
    expect(ack).toMatchObject({ ok: true });
    const request = t.server.engine.state.requests[ackRef(ack)];
    const post = t.cluster.communes.find((c) => c.id === 'phu-long')?.post.location;
    expect(request?.sos?.fix).toBeNull();
    expect(request?.location).toEqual(post);
  });

  it('reaches every console, the officer, its own commune post and the neighbouring posts only', async () => {
    const d = await connect(principals.dispatcher());
    const own = await connect(principals.post('phu-long'));
    const neighbour = await connect(principals.post('thanh-van'));
    const farPost = await connect(principals.post('cuc-phuong'));
    const pl1 = await connect(principals.officer('pl-1'));
    const other = await connect(principals.officer('cp-1'));
    await pl1.command({ type: 'officer:sos', data: {} });
    for (const c of [d, own, neighbour, pl1]) await c.waitForEvent((e) => e.type === 'officer:sos_raised');
    expect(types(neighbour)).toEqual(['request:raised', 'officer:sos_raised']);
    // Without a fix the request is at the officer's own post.
    const post = t.cluster.communes.find((c) => c.id === 'phu-long')?.post.location;
    expect(t.server.engine.state.requests.r1).toMatchObject({ location: post, locationSource: 'post' });
    // A snapshot sync gives the neighbouring post the SOS too, and the far post nothing.
    const neighbourSync = await neighbour.sync(0, true);
    expect(neighbourSync.ok && neighbourSync.mode === 'snapshot' && Object.keys(neighbourSync.state.requests)).toEqual([
      'r1',
    ]);
    const farSync = await farPost.sync(0, true);
    expect(farSync.ok && farSync.mode === 'snapshot' && Object.keys(farSync.state.requests)).toEqual([]);
    expect(farPost.events).toEqual([]);
    expect(other.events).toEqual([]);
  });

  it('only a dispatcher closes it, with an outcome; the phone says "an toàn" but cannot withdraw it', async () => {
    const d = await connect(principals.dispatcher());
    const post = await connect(principals.post('phu-long'));
    const pl1 = await connect(principals.officer('pl-1'));
    const pl2 = await connect(principals.officer('pl-2'));
    const requestId = ackRef(await pl1.command({ type: 'officer:sos', data: {} }));
    const close = { type: 'officer:sos_close', data: { requestId, outcome: 'handled' } } as const;
    const before = t.seq();
    expect(await pl1.command(close)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await pl1.command({ type: 'request:cancel', data: { requestId } })).toMatchObject({ code: 'forbidden' });
    expect(await post.command(close)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await post.command({ type: 'request:cancel', data: { requestId } })).toMatchObject({
      code: 'invalid_state',
    });
    expect(await d.command({ type: 'request:cancel', data: { requestId } })).toMatchObject({ code: 'invalid_state' });
    expect(await pl2.command({ type: 'officer:sos_safe', data: { requestId } })).toMatchObject({
      code: 'out_of_scope',
    });
    expect(await d.command({ type: 'officer:sos_safe', data: { requestId } })).toMatchObject({ code: 'forbidden' });
    expect(t.seq()).toBe(before);

    expect(await pl1.command({ type: 'officer:sos_safe', data: { requestId } })).toMatchObject({ ok: true });
    expect(t.server.engine.state.requests[requestId]).toMatchObject({ status: 'open', sos: { safeAt: t.clock.now() } });

    expect(await d.command({ ...close, data: { ...close.data, note: 'đã hỗ trợ' } })).toMatchObject({ ok: true });
    const closed = await post.waitForEvent((e) => e.type === 'officer:sos_closed');
    expect(closed).toMatchObject({ actor: { role: 'dispatcher' }, data: { outcome: 'handled', officerId: 'pl-1' } });
    await pl1.waitForEvent((e) => e.type === 'officer:sos_closed');
    expect(t.server.engine.state.requests[requestId]).toMatchObject({
      status: 'resolved',
      outcome: 'handled',
      sos: { closedAt: t.clock.now(), closedBy: 'disp-1' },
    });
    expect(await d.command(close)).toMatchObject({ code: 'invalid_state' });
    expect(t.server.engine.state.requests[requestId]?.timeline.map((e) => e.type)).toEqual([
      'request:raised',
      'officer:sos_raised',
      'officer:sos_safe',
      'officer:sos_closed',
    ]);
  });

  it('is offered to the nearest available officers at the next tick, never to the officer in danger', async () => {
    const d = await connect(principals.dispatcher());
    const near = await connect(principals.officer('pl-2'));
    const pl1 = await connect(principals.officer('pl-1'));
    await connect(principals.officer('kp-1'));
    await connect(principals.officer('tm-1'));
    for (const id of ['pl-1', 'pl-2', 'kp-1', 'tm-1']) {
      await d.command({ type: 'officer:set_duty', data: { duty: 'available', officerId: id } });
    }
    await near.socket.emitWithAck('position:report', fixAt(t, 20.201, 105.791));
    const requestId = ackRef(await pl1.command({ type: 'officer:sos', data: { fix: fixAt(t, 20.2, 105.79) } }));
    await t.advance(1000);
    await t.advance(1000); // the positions read at the first tick are used from the next one
    const offered = (e: DispatchEvent) => e.type === 'assignment:created' && e.data.requestId === requestId;
    const toNear = await near.waitForEvent(offered);
    expect(toNear).toMatchObject({ actor: { role: 'system' }, data: { officerId: 'pl-2' } });
    const offers = d.events.filter(offered).map((e) => (e.type === 'assignment:created' ? e.data : null));
    // Two responders, nearest first: pl-2 from its fix, then kp-1 from the Kỳ Phú post; pl-1 never.
    expect(offers.map((o) => o?.officerId)).toEqual(['pl-2', 'kp-1']);
    expect(offers.map((o) => o?.assignmentId)).toEqual(d.events.filter(offered).map((e) => `a${e.seq}`));
    // The officer in danger sees who is coming, live and in a snapshot.
    await pl1.waitForEvent(offered);
    const view = await pl1.sync(0, true);
    const seen = view.ok && view.mode === 'snapshot' ? Object.values(view.state.assignments) : [];
    expect(seen.map((a) => a.officerId).sort()).toEqual(['kp-1', 'pl-2']);
    await t.advance(5000);
    expect(d.events.filter(offered)).toHaveLength(2);
  });

  it('raises "mất liên lạc" 30 s after the SOS officer’s phone goes silent, once, on the injected clock', async () => {
    const d = await connect(principals.dispatcher());
    const post = await connect(principals.post('phu-long'));
    const pl1 = await connect(principals.officer('pl-1'));
    const requestId = ackRef(await pl1.command({ type: 'officer:sos', data: {} }));
    pl1.close();
    await eventually(() => !t.server.presence.isLocal('pl-1'));
    const silentSince = t.clock.now();
    await t.advance(29_000);
    expect(types(d)).not.toContain('officer:sos_lost_contact');
    await t.advance(1000);
    const lost = await d.waitForEvent((e) => e.type === 'officer:sos_lost_contact');
    expect(lost).toMatchObject({ actor: { role: 'system' }, data: { requestId, officerId: 'pl-1', silentSince } });
    await post.waitForEvent((e) => e.type === 'officer:sos_lost_contact');
    expect(t.server.engine.state.requests[requestId]?.sos).toMatchObject({ lostContactSince: silentSince });
    await t.advance(60_000);
    expect(d.events.filter((e) => e.type === 'officer:sos_lost_contact')).toHaveLength(1);
  });

  it('a dispatcher reads the SOS officer’s stored trail for its live track; nobody else may', async () => {
    const d = await connect(principals.dispatcher());
    const pl1 = await connect(principals.officer('pl-1'));
    for (const lat of [20.2, 20.201, 20.202]) await pl1.socket.emitWithAck('position:report', fixAt(t, lat, 105.79));
    const ack = await d.socket.emitWithAck('position:trail', { officerId: 'pl-1' });
    expect(ack.ok && ack.trail.map((p) => p.lat)).toEqual([20.2, 20.201, 20.202]);
    expect(await pl1.socket.emitWithAck('position:trail', { officerId: 'pl-1' })).toMatchObject({ code: 'forbidden' });
    expect(await d.socket.emitWithAck('position:trail', { officerId: '__proto__' })).toMatchObject({
      code: 'bad_request',
    });
    expect(await d.socket.emitWithAck('position:trail', { officerId: 'xx-9' })).toMatchObject({ code: 'not_found' });
  });

  it('an SOS officer whose phone stays connected never raises "mất liên lạc"', async () => {
    const d = await connect(principals.dispatcher());
    const pl1 = await connect(principals.officer('pl-1'));
    await pl1.command({ type: 'officer:sos', data: {} });
    await t.advance(31_000);
    await t.advance(60_000);
    expect(types(d)).not.toContain('officer:sos_lost_contact');
  });
});
