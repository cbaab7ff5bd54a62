// Deadlines and alarms driven by the fake clock; positions batched to dispatchers and to the post of
// an assigned officer; presence.
import { beforeEach, describe, expect, it } from 'vitest';
import type { OfficerPosition } from '../../shared/protocol';
import { principals } from '../support/test-auth';
import { connectAs, eventually } from '../support/test-client';
import type { TestServer } from '../support/test-server';
import { serverPerTest } from '../support/server-per-test';

describe('timers and telemetry', () => {
  const server = serverPerTest();
  const { connect } = server;
  let t: TestServer;
  beforeEach(async () => {
    t = await server.start({ config: { assignmentDeadlineMs: 60_000, unassignedAlertMs: 30_000 } });
  });

  it('an assignment not answered before its deadline expires and the dispatchers are told', async () => {
    const d = await connect(principals.dispatcher());
    const officer = await connect(principals.officer('cp-1'));
    await d.command({ type: 'officer:set_duty', data: { duty: 'available', officerId: 'cp-1' } });
    const r = await d.command({
      type: 'request:raise',
      data: { kind: 'fire', priority: 'critical', commune: 'cuc-phuong' },
    });
    const requestId = r.ok ? (r.ref ?? '') : '';
    const a = await d.command({ type: 'assignment:assign', data: { requestId, officerId: 'cp-1' } });
    const assignmentId = a.ok ? (a.ref ?? '') : '';
    await t.advance(59_000);
    expect(t.server.engine.state.assignments[assignmentId]?.status).toBe('pending');
    await t.advance(1_000);
    const expired = await d.waitForEvent((e) => e.type === 'assignment:expired');
    expect(expired).toMatchObject({ actor: { role: 'system' }, commandId: null, data: { assignmentId } });
    await officer.waitForEvent((e) => e.type === 'assignment:expired');
    expect(await officer.command({ type: 'assignment:accept', data: { assignmentId } })).toMatchObject({
      code: 'invalid_state',
    });
    // The request is open again, so its unassigned clock restarts from the expiry.
    expect(t.server.engine.state.requests[requestId]).toMatchObject({ status: 'open', openSince: t.clock.now() });
  });

  it('a request left without a responder raises an alarm every interval, escalating, until someone is assigned', async () => {
    const d = await connect(principals.dispatcher());
    const post = await connect(principals.post('thanh-cong'));
    const r = await post.command({ type: 'request:raise', data: { kind: 'disaster', priority: 'high' } });
    const requestId = r.ok ? (r.ref ?? '') : '';
    await t.advance(29_000);
    expect(d.events.filter((e) => e.type === 'request:unassigned_alert')).toEqual([]);
    await t.advance(1_000);
    const first = await d.waitForEvent((e) => e.type === 'request:unassigned_alert');
    expect(first).toMatchObject({ data: { requestId, level: 1, waitedMs: 30_000 } });
    await post.waitForEvent((e) => e.type === 'request:unassigned_alert');
    await t.advance(30_000);
    await d.waitForEvent((e) => e.type === 'request:unassigned_alert' && e.data.level === 2);
    await d.command({ type: 'officer:set_duty', data: { duty: 'available', officerId: 'tc-1' } });
    await d.command({ type: 'assignment:assign', data: { requestId, officerId: 'tc-1' } });
    const count = d.events.filter((e) => e.type === 'request:unassigned_alert').length;
    await t.advance(45_000);
    expect(d.events.filter((e) => e.type === 'request:unassigned_alert')).toHaveLength(count);
    // Seqs stay gap-free with the timer's events in between.
    expect(d.events.map((e) => e.seq)).toEqual(Array.from({ length: t.seq() }, (_, i) => i + 1));
  });

  it('positions arrive batched to dispatchers and to the post of its request only, never back to an officer', async () => {
    const d = await connect(principals.dispatcher());
    const post = await connect(principals.post('phu-long'));
    const otherPost = await connect(principals.post('ky-phu'));
    const pl1 = await connect(principals.officer('pl-1'));
    const pl2 = await connect(principals.officer('pl-2'));
    await d.command({ type: 'officer:set_duty', data: { duty: 'available', officerId: 'pl-1' } });
    const r = await post.command({ type: 'request:raise', data: { kind: 'fight', priority: 'high' } });
    await d.command({ type: 'assignment:assign', data: { requestId: r.ok ? (r.ref ?? '') : '', officerId: 'pl-1' } });
    // Presence first (see TestServer.flushPresence).
    t.flushPresence();
    await eventually(() => d.presence.length === 2);
    const fix = (lat: number) => ({ lat, lon: 105.75, accuracy: 12, at: t.clock.now() });
    for (const lat of [20.31, 20.32, 20.33])
      expect(await pl1.socket.emitWithAck('position:report', fix(lat))).toEqual({ ok: true });
    expect(await pl2.socket.emitWithAck('position:report', fix(20.4))).toEqual({ ok: true });
    expect(d.positionBatches).toEqual([]);
    t.clock.advance(t.config.positionBatchMs);
    await eventually(() => d.positionBatches.length === 1 && post.positionBatches.length === 1);
    // One batch holding the latest fix per officer, not one message per fix.
    const batch = d.positionBatches[0] ?? [];
    expect(batch.map((p) => [p.officerId, p.lat]).sort()).toEqual([
      ['pl-1', 20.33],
      ['pl-2', 20.4],
    ]);
    expect(post.positionBatches[0]?.map((p: OfficerPosition) => p.officerId)).toEqual(['pl-1']);
    // Nothing new: no batch at the next tick.
    t.clock.advance(t.config.positionBatchMs);
    await pl2.socket.emitWithAck('position:report', fix(20.41));
    t.clock.advance(t.config.positionBatchMs);
    await eventually(() => d.positionBatches.length === 2);
    expect(d.positionBatches[1]?.map((p) => p.officerId)).toEqual(['pl-2']);
    expect(otherPost.positionBatches).toEqual([]);
    expect(post.positionBatches).toHaveLength(1);
    // An officer sent its fixes itself: two flushes later it still has been sent none back.
    expect(pl1.positionBatches).toEqual([]);
    expect(pl2.positionBatches).toEqual([]);
    // Sync carries the latest positions the role may see.
    const sync = await post.sync(t.seq());
    expect(sync.ok && sync.positions.map((p) => p.officerId)).toEqual(['pl-1']);
  });

  it('officer presence goes to dispatchers: online on first device, offline when the last one leaves', async () => {
    const d = await connect(principals.dispatcher());
    const updates = () => d.presence.map((p) => ({ officerId: p.officerId, online: p.online }));
    const phone = await connectAs(t, principals.officer('tv-3'));
    const tablet = await connectAs(t, principals.officer('tv-3'));
    t.flushPresence();
    await eventually(() => updates().length === 1);
    phone.close();
    tablet.close();
    await eventually(() => !t.server.presence.isLocal('tv-3'));
    t.flushPresence();
    await eventually(() => updates().length === 2);
    expect(updates()).toEqual([
      { officerId: 'tv-3', online: true },
      { officerId: 'tv-3', online: false },
    ]);
    // A dispatcher connecting later is told who is online.
    const phone2 = await connect(principals.officer('tv-3'));
    t.flushPresence();
    await eventually(() => updates().length === 3);
    const late = await connect(principals.dispatcher('disp-late'));
    await eventually(() => late.presence.length === 1);
    expect(late.presence[0]).toMatchObject({ officerId: 'tv-3', online: true });
    phone2.close();
  });
});
