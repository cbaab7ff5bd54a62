// Values that fit the schema's types but make no sense: a fix from another time or far outside the
// cluster, zero accuracy, a request placed in another province, extra fields anywhere (inside
// `location` too). Each is refused bad_request and nothing is recorded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principals } from '../support/test-auth';
import { connectAs, newCommandId, untyped, type TestClient } from '../support/test-client';
import { startTestServer, type TestServer } from '../support/test-server';

describe('implausible values', () => {
  let t: TestServer;
  let officer: TestClient;
  let post: TestClient;
  beforeAll(async () => {
    t = await startTestServer({ config: { valueLimits: { maxClockSkewMs: 5 * 60_000, boundsMarginKm: 10 } } });
    officer = await connectAs(t, principals.officer('kp-1'));
    post = await connectAs(t, principals.post('ky-phu'));
  });
  afterAll(async () => {
    officer.close();
    post.close();
    await t.stop();
  });

  it('a position from outside a few minutes of the server clock, far away, or with accuracy 0 is refused', async () => {
    const now = t.clock.now();
    const fix = { lat: 20.25, lon: 105.7, accuracy: 15, at: now };
    const refused = [
      { ...fix, at: now - 6 * 60_000 },
      { ...fix, at: now + 6 * 60_000 },
      { ...fix, accuracy: 0 },
      { ...fix, accuracy: -3 },
      { ...fix, lat: 21.03, lon: 105.85 }, // Hà Nội
      { ...fix, lat: 20.2, lon: 105.5427 - 0.2 }, // 20 km west of the map
      { ...fix, extra: true },
    ];
    for (const report of refused) {
      const ack: unknown = await untyped(officer.socket).emitWithAck('position:report', report);
      expect(ack, JSON.stringify(report)).toMatchObject({ ok: false, code: 'bad_request' });
    }
    expect(await t.server.engine.eventsAfter(0, 10)).toEqual([]);
    expect(await officer.socket.emitWithAck('position:report', { ...fix, at: now - 4 * 60_000 })).toEqual({ ok: true });
    expect(await officer.socket.emitWithAck('position:report', { ...fix, lat: 20.37 + 0.05 })).toEqual({ ok: true });
  });

  it('a request located far outside the cluster, or with an extra field in its location, is refused', async () => {
    const before = t.seq();
    const raise = (location: object) =>
      untyped(post.socket).emitWithAck('command', {
        id: newCommandId(),
        type: 'request:raise',
        data: { kind: 'fire', priority: 'high', location },
      });
    expect(await raise({ lat: 10.77, lon: 106.7 })).toMatchObject({ code: 'bad_request', message: /data\.location/ });
    expect(await raise({ lat: 20.25, lon: 105.7, alt: 30 })).toMatchObject({ code: 'bad_request' });
    expect(t.seq()).toBe(before);
    expect(await raise({ lat: 20.25, lon: 105.7 })).toMatchObject({ ok: true, seq: before + 1 });
  });

  it('a sync with an extra field is refused like every other message', async () => {
    expect(await untyped(post.socket).emitWithAck('sync', { lastSeq: 0, everything: true })).toMatchObject({
      ok: false,
      code: 'bad_request',
    });
  });
});
