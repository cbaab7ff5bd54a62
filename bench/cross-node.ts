// Cross-node delivery latency: a post on node A raises a request, a dispatcher on node B receives
// the event (A appends to the Redis stream, B's tail reads it and sends it to its own sockets).
// Two real node processes on the Redis at REDIS_URL with a throwaway key prefix, real sockets.
// Also prints the post's ack round trip on A and the same-node delivery to a dispatcher on A.
// A measurement script, not a test.
//   npm run bench:cross-node [-- <requests>]
import type { DispatchEvent } from '../shared/events';
import { principals } from '../test/support/test-auth';
import { connectAs, type TestClient } from '../test/support/test-client';
import { TestNodes } from '../test/redis/support/multi-node-harness';
import { REDIS_URL, deletePrefix, uniquePrefix } from '../test/redis/support/redis-test-env';
import { report } from './bench-stats';

const total = Number(process.argv[2] ?? 500);
const WARMUP = 20;

/** Resolves when `client` receives the raised event of the request with this note. */
function arrival(client: TestClient, note: string): Promise<number> {
  return new Promise((resolve) => {
    const onEvent = (e: DispatchEvent) => {
      if (e.type === 'request:raised' && e.data.note === note) {
        client.socket.off('event', onEvent);
        resolve(performance.now());
      }
    };
    client.socket.on('event', onEvent);
  });
}

async function main(): Promise<void> {
  const prefix = uniquePrefix('bench-cross');
  const nodes = new TestNodes({ redisUrl: REDIS_URL, prefix, env: { UNASSIGNED_ALERT_S: '3600' } });
  const clients: TestClient[] = [];
  try {
    const [a, b] = await Promise.all([nodes.start('bench-a'), nodes.start('bench-b')]);
    const post = await connectAs(nodes.at(a), principals.post('phu-long'));
    const onB = await connectAs(nodes.at(b), principals.dispatcher('bench-b'));
    const onA = await connectAs(nodes.at(a), principals.dispatcher('bench-a'));
    clients.push(post, onB, onA);
    const cross: number[] = [];
    const local: number[] = [];
    const acks: number[] = [];
    for (let i = 0; i < total + WARMUP; i++) {
      const note = `bench ${i}`;
      const seenOnB = arrival(onB, note);
      const seenOnA = arrival(onA, note);
      const start = performance.now();
      const ack = await post.command({ type: 'request:raise', data: { kind: 'other', priority: 'normal', note } });
      const ackedAt = performance.now();
      if (!ack.ok) throw new Error(`refused: ${ack.code} ${ack.message}`);
      const [atB, atA] = await Promise.all([seenOnB, seenOnA]);
      if (i < WARMUP) continue;
      acks.push(ackedAt - start);
      cross.push(atB - start);
      local.push(atA - start);
    }
    console.log(`${total} requests raised one after another (after ${WARMUP} warm-up), Redis ${REDIS_URL}`);
    report('post ack round trip (node A)', acks);
    report('post on A → dispatcher on A (same node)', local);
    report('post on A → dispatcher on B (cross-node)', cross);
  } finally {
    for (const c of clients) c.close();
    await nodes.stop();
    await deletePrefix(prefix);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
