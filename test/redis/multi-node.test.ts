// Three server nodes in separate processes sharing one Redis: the whole loop across nodes, and two
// dispatchers on different nodes racing for the same officer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DispatchEvent } from '../../shared/events';
import { principals } from '../support/test-auth';
import { connectAs, eventually, type TestClient } from '../support/test-client';
import { TestNodes, type TestNode } from './support/multi-node-harness';
import { REDIS_URL, deletePrefix, inspector, uniquePrefix } from './support/redis-test-env';

const isType = (type: DispatchEvent['type']) => (e: DispatchEvent) => e.type === type;

describe('three nodes on one Redis', () => {
  const prefix = uniquePrefix('multi-node');
  const nodes = new TestNodes({ redisUrl: REDIS_URL, prefix });
  const clients: TestClient[] = [];
  let a: TestNode;
  let b: TestNode;
  let c: TestNode;
  beforeAll(async () => {
    [a, b, c] = await Promise.all([nodes.start('node-a'), nodes.start('node-b'), nodes.start('node-c')]);
  }, 90_000);
  afterAll(async () => {
    for (const client of clients.splice(0)) client.close();
    await nodes.stop();
    await deletePrefix(prefix);
  }, 90_000);
  const connect = async (
    node: TestNode,
    ...rest: Parameters<typeof connectAs> extends [unknown, ...infer R] ? R : never
  ) => {
    const client = await connectAs(nodes.at(node), ...rest);
    clients.push(client);
    return client;
  };

  it('a post on node A, a dispatcher on node B and an officer on node C run the whole loop', async () => {
    const post = await connect(a, principals.post('phu-long'));
    const dispatcher = await connect(b, principals.dispatcher('disp-1'));
    const officer = await connect(c, principals.officer('pl-1'));
    expect(await officer.command({ type: 'officer:set_duty', data: { duty: 'available' } })).toMatchObject({
      ok: true,
    });

    const raised = await post.command({
      type: 'request:raise',
      data: { kind: 'theft', priority: 'high', note: 'Mất trộm xe máy', respondersWanted: 1 },
    });
    expect(raised).toMatchObject({ ok: true });
    const requestId = raised.ok ? (raised.ref ?? '') : '';
    await dispatcher.waitForEvent((e) => e.type === 'request:raised' && e.data.requestId === requestId);

    const assigned = await dispatcher.command({ type: 'assignment:assign', data: { requestId, officerId: 'pl-1' } });
    expect(assigned).toMatchObject({ ok: true });
    const assignmentId = assigned.ok ? (assigned.ref ?? '') : '';
    await officer.waitForEvent((e) => e.type === 'assignment:created' && e.data.assignmentId === assignmentId);
    // Node C learns of the assignment from the log tail; its decision sees it (no officer_busy, no not_found).
    expect(await officer.command({ type: 'assignment:accept', data: { assignmentId } })).toMatchObject({ ok: true });
    for (const status of ['en_route', 'on_scene', 'released'] as const) {
      expect(await officer.command({ type: 'assignment:advance', data: { assignmentId, status } })).toMatchObject({
        ok: true,
      });
      await post.waitForEvent((e) => e.type === 'assignment:progressed' && e.data.status === status);
    }
    expect(
      await dispatcher.command({ type: 'request:resolve', data: { requestId, outcome: 'handled', note: '' } }),
    ).toMatchObject({ ok: true });
    for (const client of [post, dispatcher, officer]) await client.waitForEvent(isType('request:resolved'));

    // Each client got each event once, in seq order, whichever node appended it.
    for (const client of [post, dispatcher, officer]) {
      const seqs = client.events.map((e) => e.seq);
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    }
    expect(post.events.map((e) => e.type)).toEqual([
      'request:raised',
      'assignment:created',
      'assignment:accepted',
      'assignment:progressed',
      'assignment:progressed',
      'assignment:progressed',
      'request:resolved',
    ]);

    // Positions reported on node C reach the dispatcher on node B (Socket.IO Redis adapter).
    expect(
      await officer.socket.emitWithAck('position:report', { lat: 20.3, lon: 105.6, accuracy: 8, at: Date.now() }),
    ).toEqual({ ok: true });
    await eventually(() => dispatcher.positionBatches.flat().some((p) => p.officerId === 'pl-1'), 10_000);
    // … and a sync on node A returns them (the latest fixes are kept in Redis).
    const synced = await connect(a, principals.dispatcher('disp-2'));
    const sync = await synced.sync(0);
    expect(sync.ok && sync.positions.map((p) => p.officerId)).toContain('pl-1');
  }, 90_000);

  it('two dispatchers on different nodes assign one officer at the same moment: one wins, one gets officer_busy', async () => {
    const postA = await connect(a, principals.post('ky-phu'));
    const dispB = await connect(b, principals.dispatcher('disp-b'));
    const dispC = await connect(c, principals.dispatcher('disp-c'));
    const officer = await connect(a, principals.officer('kp-1'));
    expect(await officer.command({ type: 'officer:set_duty', data: { duty: 'available' } })).toMatchObject({
      ok: true,
    });
    const raise = () =>
      postA.command({
        type: 'request:raise',
        data: { kind: 'fight', priority: 'critical', note: '', respondersWanted: 1 },
      });
    const [r1, r2] = [await raise(), await raise()];
    const ids = [r1, r2].map((r) => (r.ok ? (r.ref ?? '') : ''));
    for (const d of [dispB, dispC]) {
      await d.waitForEvent((e) => e.type === 'request:raised' && e.data.requestId === ids[1]);
    }

    const [onB, onC] = await Promise.all([
      dispB.command({ type: 'assignment:assign', data: { requestId: ids[0] ?? '', officerId: 'kp-1' } }),
      dispC.command({ type: 'assignment:assign', data: { requestId: ids[1] ?? '', officerId: 'kp-1' } }),
    ]);
    const outcomes = [onB, onC];
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok)).toEqual([expect.objectContaining({ ok: false, code: 'officer_busy' })]);

    // The log is gap-free and holds exactly one assignment for the officer.
    const redis = await inspector();
    const entries = await redis.xRange(`${prefix}log`, '-', '+');
    redis.destroy();
    const seqs = entries.map((e) => Number(e.id.split('-')[0]));
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    const created = entries
      .map((e) => JSON.parse(String(e.message.e)) as DispatchEvent)
      .filter((e) => e.type === 'assignment:created' && e.data.officerId === 'kp-1');
    expect(created).toHaveLength(1);
  }, 90_000);
});
