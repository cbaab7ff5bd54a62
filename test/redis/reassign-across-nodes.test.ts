// The automatic reassignment with two nodes sharing the Socket.IO Redis adapter (real Redis): the timer
// holder asks the other node about the available officers it does not see, so an officer whose phone is
// on the other node counts as connected and is preferred to a nearer one with no device anywhere.
import { afterEach, describe, expect, it } from 'vitest';
import { principals } from '../support/test-auth';
import { eventually } from '../support/test-client';
import { adapterNodes } from './support/adapter-nodes';

describe('automatic reassignment across nodes', () => {
  const nodes = adapterNodes('reassign', { autoReassignPriorities: ['critical'] });
  const { connect } = nodes;
  afterEach(() => nodes.close());

  it('prefers an available officer connected to the other node to a nearer one connected nowhere', async () => {
    const a = await nodes.node('node-a', { holder: true });
    const b = await nodes.node('node-b', { holder: false });
    const d = await connect(a, principals.dispatcher());
    const post = await connect(a, principals.post('phu-long'));
    await connect(a, principals.officer('pl-1'));
    // pl-2 waits at the Phú Long post itself (nearest) with no device; kp-1's phone is on node B.
    for (const officerId of ['pl-1', 'pl-2', 'kp-1']) {
      await d.command({ type: 'officer:set_duty', data: { duty: 'available', officerId } });
    }
    await connect(b, principals.officer('kp-1'));
    const raised = await post.command({ type: 'request:raise', data: { kind: 'fire', priority: 'critical' } });
    const requestId = raised.ok ? (raised.ref ?? '') : '';
    await d.command({ type: 'assignment:assign', data: { requestId, officerId: 'pl-1' } });
    // Five-second steps, each waiting for the holder's between-ticks question to node B to come back,
    // until the assignment expires (60 s) and is replaced.
    const replaced = () => d.events.some((e) => e.type === 'assignment:created' && e.actor.role === 'system');
    for (let waited = 5000; waited <= 60_000; waited += 5000) {
      await a.advance(5000);
      if (waited < 60_000) await eventually(() => a.server.presence.lastSeenElsewhere('kp-1') === a.clock.now());
    }
    await eventually(replaced);
    const created = await d.waitForEvent((e) => e.type === 'assignment:created' && e.actor.role === 'system');
    expect(created.data).toMatchObject({ requestId, officerId: 'kp-1' });
    expect(a.server.presence.lastSeenElsewhere('pl-2')).toBeNull();
  }, 30_000);
});
