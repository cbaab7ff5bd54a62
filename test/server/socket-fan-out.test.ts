// Fan-out costs once (server/socket.ts, server/positions.ts, server/presence/presence-batch.ts): an event,
// a position batch or a presence batch is encoded once per emit to its rooms, however many sockets are in
// them, never once per socket.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Packet } from 'socket.io-parser';
import { principals } from '../support/test-auth';
import { eventually } from '../support/test-client';
import type { TestServer } from '../support/test-server';
import { serverPerTest } from '../support/server-per-test';

describe('fan-out to many sockets', () => {
  const server = serverPerTest();
  const { connect } = server;
  let t: TestServer;
  beforeEach(async () => {
    t = await server.start();
  });

  /** Counts the packets the server encodes, by event name, while `fn` runs. */
  async function encodedDuring(fn: () => Promise<void>): Promise<Map<string, number>> {
    const encoder = t.server.io.encoder;
    const encode = encoder.encode.bind(encoder);
    const counts = new Map<string, number>();
    encoder.encode = (packet: Packet) => {
      const name = Array.isArray(packet.data) && typeof packet.data[0] === 'string' ? packet.data[0] : '(ack)';
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return encode(packet);
    };
    try {
      await fn();
    } finally {
      encoder.encode = encode;
    }
    return counts;
  }

  it('encodes an event, a presence batch and a position batch once for eight consoles', async () => {
    const consoles = await Promise.all(Array.from({ length: 8 }, (_, i) => connect(principals.dispatcher(`d${i}`))));
    const post = await connect(principals.post('phu-long'));
    const counts = await encodedDuring(async () => {
      const officers = await Promise.all(['pl-1', 'pl-2', 'pl-3'].map((id) => connect(principals.officer(id))));
      // Presence first (see TestServer.flushPresence).
      t.flushPresence();
      await eventually(() => consoles.every((c) => c.presence.length === 3));
      await post.command({ type: 'request:raise', data: { kind: 'fight', priority: 'high' } });
      await eventually(() => consoles.every((c) => c.events.length === 1));
      const fix = { lat: 20.31, lon: 105.75, accuracy: 12, at: t.clock.now() };
      for (const o of officers) expect(await o.socket.emitWithAck('position:report', fix)).toEqual({ ok: true });
      t.clock.advance(t.config.positionBatchMs);
      await eventually(() => consoles.every((c) => c.positionBatches.length === 1));
    });
    expect(post.events).toHaveLength(1);
    // One emit per event to all its rooms (here the dispatchers' and the post's commune): emitting per room
    // or per socket would encode it 2 or 9 times (checked by emitting per room in socket.ts).
    expect(counts.get('event')).toBe(1);
    expect(counts.get('positions')).toBe(1);
    // The three officers' "online" in one presence frame, encoded once for the eight consoles.
    expect(counts.get('presence')).toBe(1);
  });
});
