// An officer standing still when assigned: the requesting post gets the officer's last fix with the
// next batch (so its card shows an ETA at once), not only after the officer moves.
import { beforeEach, describe, expect, it } from 'vitest';
import { principals } from '../support/test-auth';
import { eventually } from '../support/test-client';
import type { TestServer } from '../support/test-server';
import { serverPerTest } from '../support/server-per-test';

describe('the last fix of a newly assigned officer', () => {
  const server = serverPerTest();
  const { connect } = server;
  let t: TestServer;
  beforeEach(async () => {
    t = await server.start();
  });

  it('reaches the requesting post with the next batch, though the officer has not moved since', async () => {
    const d = await connect(principals.dispatcher());
    const post = await connect(principals.post('phu-long'));
    const pl1 = await connect(principals.officer('pl-1'));
    // Presence first (see TestServer.flushPresence).
    t.flushPresence();
    await eventually(() => d.presence.length === 1);
    await d.command({ type: 'officer:set_duty', data: { duty: 'available', officerId: 'pl-1' } });
    const fix = { lat: 20.31, lon: 105.71, accuracy: 8, at: t.clock.now(), heading: null, speed: null };
    expect(await pl1.socket.emitWithAck('position:report', fix)).toEqual({ ok: true });
    t.clock.advance(t.config.positionBatchMs);
    await eventually(() => d.positionBatches.length === 1);
    // Not assigned yet: the post sees nothing of pl-1.
    expect(post.positionBatches).toEqual([]);

    const raised = await post.command({ type: 'request:raise', data: { kind: 'fight', priority: 'critical' } });
    const requestId = raised.ok ? (raised.ref ?? '') : '';
    await d.command({ type: 'assignment:assign', data: { requestId, officerId: 'pl-1' } });
    await post.waitForEvent((e) => e.type === 'assignment:created');
    // The resend happens after the event is applied; give it a batch interval, as any fix would get.
    await eventually(() => {
      t.clock.advance(t.config.positionBatchMs);
      return post.positionBatches.length > 0;
    });
    expect(post.positionBatches[0]).toEqual([expect.objectContaining({ officerId: 'pl-1', lat: 20.31, lon: 105.71 })]);
  });
});
