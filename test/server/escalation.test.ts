// The escalation ladder and receipts over real sockets, driven by the fake clock: seen/delivered
// receipts recorded once, welfare checks and their alert, the offline-officer alert once per outage,
// and the automatic reassignment of a critical request when its officer lets it expire or declines.
import { describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../server/config';
import { principals } from '../support/test-auth';
import { ackRef, eventually, type TestClient } from '../support/test-client';
import type { TestServer } from '../support/test-server';
import { serverPerTest } from '../support/server-per-test';

const MIN = 60_000;

describe('escalation and receipts', () => {
  const server = serverPerTest();
  const { connect } = server;
  let t: TestServer;
  const start = async (config: Partial<ServerConfig> = {}) => {
    t = await server.start({
      config: { welfareCheckMs: 15 * MIN, welfareAlertMs: 2 * MIN, offlineAlertMs: 2 * MIN, ...config },
    });
  };
  const count = (c: TestClient, type: string) => c.events.filter((e) => e.type === type).length;

  /** A dispatcher, a request from `commune`'s post, `officerId` on duty and assigned (pending). */
  async function assigned(officerId: string, commune = 'phu-long', priority: 'critical' | 'high' = 'high') {
    const d = await connect(principals.dispatcher());
    const post = await connect(principals.post(commune));
    const officer = await connect(principals.officer(officerId));
    await d.command({ type: 'officer:set_duty', data: { duty: 'available', officerId } });
    const requestId = ackRef(
      await post.command({ type: 'request:raise', data: { kind: 'fight', priority }, sentAt: 12345 }),
    );
    const assignmentId = ackRef(await d.command({ type: 'assignment:assign', data: { requestId, officerId } }));
    return { d, post, officer, requestId, assignmentId };
  }

  it('records the first console sighting and the first delivery once; later marks append nothing', async () => {
    await start();
    const { d, post, officer, requestId, assignmentId } = await assigned('pl-1');
    const d2 = await connect(principals.dispatcher('second-desk'));
    const seen = await d.command({ type: 'request:mark_seen', data: { requestId } });
    expect(seen).toMatchObject({ ok: true, seq: t.seq() });
    const event = await post.waitForEvent((e) => e.type === 'request:seen');
    expect(event).toMatchObject({ actor: { role: 'dispatcher', id: 'disp-1' }, data: { requestId } });
    const before = t.seq();
    expect(await d2.command({ type: 'request:mark_seen', data: { requestId } })).toEqual({ ok: true, seq: before });
    expect(t.seq()).toBe(before);
    expect(await officer.command({ type: 'assignment:mark_delivered', data: { assignmentId } })).toMatchObject({
      ok: true,
    });
    await d.waitForEvent((e) => e.type === 'assignment:delivered');
    await post.waitForEvent((e) => e.type === 'assignment:delivered');
    const afterDelivered = t.seq();
    await officer.command({ type: 'assignment:mark_delivered', data: { assignmentId } });
    expect(t.seq()).toBe(afterDelivered);
    const request = t.server.engine.state.requests[requestId];
    expect(request).toMatchObject({ clientSentAt: 12345, seenAt: t.clock.now(), seenBy: 'disp-1' });
    expect(request?.raisedAt).toEqual(expect.any(Number));
    expect(t.server.engine.state.assignments[assignmentId]?.deliveredAt).toBe(t.clock.now());
  });

  it('an officer on scene gets "an toàn?" after the interval; unanswered it alerts the dispatchers and the officer’s own post', async () => {
    await start();
    // A Kỳ Phú officer helping Phú Long: the Kỳ Phú post hears about its own officer.
    const { d, officer, assignmentId } = await assigned('kp-1');
    const homePost = await connect(principals.post('ky-phu'));
    await officer.command({ type: 'assignment:accept', data: { assignmentId } });
    await officer.command({ type: 'assignment:advance', data: { assignmentId, status: 'on_scene' } });
    await t.advance(15 * MIN - 1000);
    expect(count(officer, 'assignment:welfare_check')).toBe(0);
    await t.advance(1000);
    await officer.waitForEvent((e) => e.type === 'assignment:welfare_check');
    await t.advance(MIN);
    expect(await officer.command({ type: 'assignment:confirm_safe', data: { assignmentId } })).toMatchObject({
      ok: true,
    });
    await d.waitForEvent((e) => e.type === 'assignment:welfare_confirmed');
    // The next check comes a full interval after the answer, not after the first check.
    await t.advance(15 * MIN - 1000);
    expect(count(officer, 'assignment:welfare_check')).toBe(1);
    await t.advance(1000);
    await eventually(() => count(officer, 'assignment:welfare_check') === 2);
    await t.advance(2 * MIN - 1000);
    expect(count(d, 'assignment:welfare_alert')).toBe(0);
    await t.advance(1000);
    const alert = await d.waitForEvent((e) => e.type === 'assignment:welfare_alert');
    expect(alert).toMatchObject({
      actor: { role: 'system' },
      data: { assignmentId, officerId: 'kp-1', officerCommune: 'ky-phu' },
    });
    await homePost.waitForEvent((e) => e.type === 'assignment:welfare_alert');
    await t.advance(5 * MIN);
    expect(count(d, 'assignment:welfare_alert')).toBe(1);
    // A dispatcher who reached the officer by radio answers for them.
    expect(await d.command({ type: 'assignment:confirm_safe', data: { assignmentId } })).toMatchObject({ ok: true });
    expect(t.server.engine.state.assignments[assignmentId]).toMatchObject({
      welfareAlertAt: null,
      welfareConfirmedAt: t.clock.now(),
    });
  });

  it('an officer offline for two minutes on an assignment alerts the dispatchers once per outage', async () => {
    await start();
    const { d, officer, assignmentId, requestId } = await assigned('pl-1');
    await officer.command({ type: 'assignment:accept', data: { assignmentId } });
    officer.close();
    await eventually(() => !t.server.presence.isLocal('pl-1'));
    const wentAt = t.clock.now();
    await t.advance(2 * MIN - 1000);
    // The dispatchers heard of it with the next presence batch.
    await eventually(() => d.presence.some((p) => p.officerId === 'pl-1' && !p.online && p.since === wentAt));
    expect(count(d, 'officer:offline_alert')).toBe(0);
    await t.advance(1000);
    const alert = await d.waitForEvent((e) => e.type === 'officer:offline_alert');
    expect(alert.data).toEqual({
      requestId,
      commune: 'phu-long',
      officerId: 'pl-1',
      assignmentId,
      offlineSince: wentAt,
    });
    await t.advance(10 * MIN);
    expect(count(d, 'officer:offline_alert')).toBe(1);
    // Back online: no alert while connected; gone again: a new outage, a new alert.
    const again = await connect(principals.officer('pl-1'));
    await t.advance(5 * MIN);
    expect(count(d, 'officer:offline_alert')).toBe(1);
    again.close();
    await eventually(() => !t.server.presence.isLocal('pl-1'));
    await t.advance(2 * MIN);
    await eventually(() => count(d, 'officer:offline_alert') === 2);
    expect(d.presence.filter((p) => p.officerId === 'pl-1' && !p.online)).toHaveLength(2);
  });

  it('a critical request whose officer lets it expire gets the next-nearest available officer in the same append', async () => {
    await start({ autoReassignPriorities: ['critical'] });
    const { d, assignmentId, requestId } = await assigned('pl-1', 'phu-long', 'critical');
    await d.command({ type: 'officer:set_duty', data: { duty: 'available', officerId: 'tv-1' } });
    await d.command({ type: 'officer:set_duty', data: { duty: 'available', officerId: 'pl-2' } });
    // tv-1 reports a fix right at the request, so it is nearer than pl-2 at the Phú Long post.
    const tv1 = await connect(principals.officer('tv-1'));
    const location = t.server.engine.state.requests[requestId]!.location;
    await tv1.socket.emitWithAck('position:report', { ...location, accuracy: 5, at: t.clock.now() });
    await t.advance(1000); // the timers read positions once a tick
    await t.advance(60_000);
    const expired = await d.waitForEvent((e) => e.type === 'assignment:expired');
    const created = await d.waitForEvent((e) => e.type === 'assignment:created' && e.actor.role === 'system');
    expect(created.seq).toBe(expired.seq + 1);
    expect(created.at).toBe(expired.at);
    expect(created.data).toMatchObject({ requestId, officerId: 'tv-1', replaces: assignmentId });
    await tv1.waitForEvent((e) => e.type === 'assignment:created');
    // tv-1 declines: the next one is pl-2 (pl-1 already let it expire).
    const second = created.type === 'assignment:created' ? created.data.assignmentId : '';
    await tv1.command({ type: 'assignment:decline', data: { assignmentId: second, reason: 'xa' } });
    await t.advance(1000);
    const third = await d.waitForEvent((e) => e.type === 'assignment:created' && e.data.officerId === 'pl-2');
    expect(third).toMatchObject({ actor: { role: 'system' }, data: { replaces: second } });
    // pl-2 lets it expire too and nobody is left: the request waits and its alarm escalates as before.
    await t.advance(60_000);
    await eventually(() => count(d, 'assignment:expired') === 2);
    expect(count(d, 'assignment:created')).toBe(3);
    await t.advance(30_000);
    await d.waitForEvent((e) => e.type === 'request:unassigned_alert');
  });

  it('a request of a priority not in the list is left for the console to offer', async () => {
    await start({ autoReassignPriorities: ['critical'] });
    const { d } = await assigned('pl-1', 'phu-long', 'high');
    await d.command({ type: 'officer:set_duty', data: { duty: 'available', officerId: 'pl-2' } });
    await t.advance(61_000);
    await d.waitForEvent((e) => e.type === 'assignment:expired');
    await t.advance(5000);
    expect(count(d, 'assignment:created')).toBe(1);
  });
});
