// A server on the Redis store with the history read model in Redis (as `npm run multi-node` runs it): a
// request closed longer than the live window leaves the live state and is found over HTTP from Redis.
import { afterEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../shared/domain';
import type { HistoryPage } from '../../shared/history';
import { RedisHistoryStore } from '../../server/history/redis-history';
import { RedisStore } from '../../server/store/redis-store';
import { principals } from '../support/test-auth';
import { ackRef, connectAs } from '../support/test-client';
import { startTestServer, type TestServer } from '../support/test-server';
import { deletePrefix, REDIS_URL, uniquePrefix } from './support/redis-test-env';

const HOUR = 3600_000;

describe('history on the Redis store', () => {
  let t: TestServer | undefined;
  const prefix = uniquePrefix('history-server');
  afterEach(async () => {
    await t?.stop();
    await deletePrefix(prefix);
  });

  it('archives past the window and answers history from Redis', async () => {
    const store = await RedisStore.open({ url: REDIS_URL, prefix });
    t = await startTestServer({
      config: { liveWindowMs: HOUR },
      makeStore: () => store,
      deps: { history: new RedisHistoryStore(store.connection, prefix) },
    });
    const server = t;
    const connect = (p: Principal) => connectAs(server, p, { token: server.tokenFor(p, 24 * HOUR) });
    const post = await connect(principals.post('thanh-minh'));
    const d = await connect(principals.dispatcher());
    const id = ackRef(
      await post.command({ type: 'request:raise', data: { kind: 'disaster', priority: 'high', note: 'Lũ quét' } }),
    );
    await d.command({ type: 'request:resolve', data: { requestId: id, outcome: 'transferred', note: '' } });
    await server.advance(2 * HOUR);
    expect(server.server.engine.state.requests[id]).toBeUndefined();
    const res = await fetch(`${server.url}/api/history?q=l%C5%A9`, {
      headers: { authorization: `Bearer ${server.tokenFor(principals.dispatcher())}` },
    });
    const page = (await res.json()) as HistoryPage;
    expect(page.items.map((s) => [s.id, s.outcome])).toEqual([[id, 'transferred']]);
    post.close();
    d.close();
  });
});
