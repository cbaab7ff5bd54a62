import { beforeEach, describe, expect, it } from 'vitest';
import type { DispatchEvent } from '../../shared/events';
import { principals } from '../support/test-auth';
import type { TestServer } from '../support/test-server';
import { serverPerTest } from '../support/server-per-test';

describe('the whole dispatch loop over real sockets', () => {
  const server = serverPerTest();
  const { connect } = server;
  let t: TestServer;
  beforeEach(async () => {
    t = await server.start();
  });

  it('post raises → dispatchers receive → assign → officer accepts → post follows every step → resolved', async () => {
    const post = await connect(principals.post('phu-long'));
    const dispatcher = await connect(principals.dispatcher('disp-1'));
    const dispatcher2 = await connect(principals.dispatcher('disp-2'));
    const officer = await connect(principals.officer('pl-1'));
    const otherPost = await connect(principals.post('ky-phu'));
    const isType = (type: DispatchEvent['type']) => (e: DispatchEvent) => e.type === type;

    expect(await officer.command({ type: 'officer:set_duty', data: { duty: 'available' } })).toMatchObject({
      ok: true,
    });

    const raised = await post.command({
      type: 'request:raise',
      data: { kind: 'fight', priority: 'critical', note: 'Đánh nhau ở chợ', respondersWanted: 1 },
      sentAt: t.clock.now(),
    });
    expect(raised).toMatchObject({ ok: true, ref: expect.stringMatching(/^r\d+$/) });
    const requestId = raised.ok ? (raised.ref ?? '') : '';
    for (const d of [dispatcher, dispatcher2]) {
      const e = await d.waitForEvent(isType('request:raised'));
      expect(e).toMatchObject({ seq: 2, actor: { role: 'post', commune: 'phu-long' } });
      expect(e.type === 'request:raised' && e.data.location).toEqual(t.cluster.communes[0]?.post.location);
    }

    const assigned = await dispatcher.command({ type: 'assignment:assign', data: { requestId, officerId: 'pl-1' } });
    expect(assigned).toMatchObject({ ok: true, ref: expect.stringMatching(/^a\d+$/) });
    const assignmentId = assigned.ok ? (assigned.ref ?? '') : '';
    const created = await officer.waitForEvent(isType('assignment:created'));
    expect(created).toMatchObject({ data: { assignmentId, requestId, officerId: 'pl-1' } });
    await post.waitForEvent(isType('assignment:created'));

    expect(await officer.command({ type: 'assignment:accept', data: { assignmentId } })).toMatchObject({ ok: true });
    await post.waitForEvent(isType('assignment:accepted'));
    for (const status of ['en_route', 'on_scene', 'released'] as const) {
      expect(await officer.command({ type: 'assignment:advance', data: { assignmentId, status } })).toMatchObject({
        ok: true,
      });
      const seen = await post.waitForEvent((e) => e.type === 'assignment:progressed' && e.data.status === status);
      expect(seen.actor).toEqual({ role: 'officer', id: 'pl-1' });
    }

    const resolved = await dispatcher.command({
      type: 'request:resolve',
      data: { requestId, outcome: 'handled', note: 'Đã giải tán' },
    });
    expect(resolved).toMatchObject({ ok: true });
    for (const c of [post, dispatcher, dispatcher2, officer]) await c.waitForEvent(isType('request:resolved'));

    // The post saw every step in seq order, the other commune's post nothing at all.
    const postSeqs = post.events.map((e) => e.seq);
    expect(postSeqs).toEqual([...postSeqs].sort((a, b) => a - b));
    expect(post.events.map((e) => e.type)).toEqual([
      'request:raised',
      'assignment:created',
      'assignment:accepted',
      'assignment:progressed',
      'assignment:progressed',
      'assignment:progressed',
      'request:resolved',
    ]);
    expect(otherPost.events).toEqual([]);
    expect(t.server.engine.state.requests[requestId]).toMatchObject({ status: 'resolved', outcome: 'handled' });
    expect(dispatcher.events.map((e) => e.seq)).toEqual(Array.from({ length: t.seq() }, (_, i) => i + 1));
  });

  it('a dispatcher may advance on the officer’s behalf, and the actor shows it', async () => {
    const dispatcher = await connect(principals.dispatcher());
    const officer = await connect(principals.officer('kp-2'));
    await dispatcher.command({ type: 'officer:set_duty', data: { duty: 'available', officerId: 'kp-2' } });
    const raised = await dispatcher.command({
      type: 'request:raise',
      data: { kind: 'theft', priority: 'normal', commune: 'ky-phu', location: { lat: 20.3, lon: 105.7 } },
    });
    const requestId = raised.ok ? (raised.ref ?? '') : '';
    expect(t.server.engine.state.requests[requestId]).toMatchObject({ locationSource: 'point', commune: 'ky-phu' });
    const assigned = await dispatcher.command({ type: 'assignment:assign', data: { requestId, officerId: 'kp-2' } });
    const assignmentId = assigned.ok ? (assigned.ref ?? '') : '';
    await officer.command({ type: 'assignment:accept', data: { assignmentId } });
    const ack = await dispatcher.command({ type: 'assignment:advance', data: { assignmentId, status: 'on_scene' } });
    expect(ack).toMatchObject({ ok: true });
    const seen = await officer.waitForEvent((e) => e.type === 'assignment:progressed');
    expect(seen.actor).toEqual({ role: 'dispatcher', id: 'disp-1' });
  });
});
