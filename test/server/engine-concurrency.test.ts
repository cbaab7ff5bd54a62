// Commands arriving together are decided one after another (each sees the previous one's effect) and
// stored together: seqs stay gap-free, conflicting commands cannot both win, a repeated id acts once.
import { beforeEach, describe, expect, it } from 'vitest';
import { principals } from '../support/test-auth';
import { newCommandId } from '../support/test-client';
import type { TestServer } from '../support/test-server';
import { serverPerTest } from '../support/server-per-test';

describe('concurrent commands', () => {
  const server = serverPerTest();
  const { connect } = server;
  let t: TestServer;
  beforeEach(async () => {
    t = await server.start();
  });

  it('many clients at once: every ack has its own seq and the log is gap-free', async () => {
    const posts = await Promise.all(t.cluster.communes.map((c) => connect(principals.post(c.id))));
    const dispatcher = await connect(principals.dispatcher());
    const acks = await Promise.all(
      posts.flatMap((p) =>
        Array.from({ length: 5 }, () =>
          p.command({ type: 'request:raise', data: { kind: 'other', priority: 'normal' } }),
        ),
      ),
    );
    const seqs = acks.map((a) => (a.ok ? a.seq : -1)).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const refs = new Set(acks.map((a) => (a.ok ? a.ref : '')));
    expect(refs.size).toBe(30);
    const numbers = Object.values(t.server.engine.state.requests)
      .map((r) => r.number)
      .sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    await dispatcher.waitForEvent((e) => e.seq === 30);
    expect(dispatcher.events.map((e) => e.seq)).toEqual(seqs);
  });

  it('two dispatchers assigning the same officer at once: exactly one wins, the other gets officer_busy', async () => {
    const d1 = await connect(principals.dispatcher('d1'));
    const d2 = await connect(principals.dispatcher('d2'));
    await d1.command({ type: 'officer:set_duty', data: { duty: 'available', officerId: 'cp-3' } });
    const r1 = await d1.command({
      type: 'request:raise',
      data: { kind: 'fire', priority: 'high', commune: 'cuc-phuong' },
    });
    const r2 = await d1.command({ type: 'request:raise', data: { kind: 'fire', priority: 'high', commune: 'ky-phu' } });
    const [a, b] = await Promise.all([
      d1.command({ type: 'assignment:assign', data: { requestId: r1.ok ? (r1.ref ?? '') : '', officerId: 'cp-3' } }),
      d2.command({ type: 'assignment:assign', data: { requestId: r2.ok ? (r2.ref ?? '') : '', officerId: 'cp-3' } }),
    ]);
    expect([a, b].filter((x) => x.ok)).toHaveLength(1);
    expect([a, b].filter((x) => !x.ok && x.code === 'officer_busy')).toHaveLength(1);
    expect(Object.values(t.server.engine.state.assignments).filter((x) => x.officerId === 'cp-3')).toHaveLength(1);
  });

  it('the same command id sent twice at once acts once; both get the same answer', async () => {
    const post = await connect(principals.post('thanh-van'));
    const id = newCommandId();
    const body = { id, type: 'request:raise', data: { kind: 'medical', priority: 'critical' } } as const;
    const [first, second] = await Promise.all([post.command(body), post.command(body)]);
    expect(first).toMatchObject({ ok: true, seq: 1, ref: 'r1' });
    expect(second).toEqual({ ok: true, seq: 1, ref: 'r1', duplicate: true });
    expect(t.seq()).toBe(1);
  });
});
