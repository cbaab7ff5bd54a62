// A server on a journal in dataDir with no rate limits, listening on a free loopback port: the benches
// that drive a real server in-process start it the same way.
import path from 'node:path';
import type { Cluster } from '../shared/cluster';
import type { Clock } from '../server/clock';
import { testConfig } from '../server/config';
import { createServer, type CreateServerDeps, type DispatchServer } from '../server/create-server';
import { JournalStore } from '../server/store/journal-store';

const unlimited = { burst: 1e9, perSecond: 1e9 };

export async function startBenchServer(
  dataDir: string,
  cluster: Cluster,
  clock: Clock,
  auth: CreateServerDeps['auth'],
): Promise<{ server: DispatchServer; url: string }> {
  const server = await createServer({
    store: new JournalStore(path.join(dataDir, 'journal')),
    clock,
    cluster,
    config: testConfig({ dataDir, rateLimits: { command: unlimited, position: unlimited, ip: unlimited } }),
    auth,
  });
  const port = await server.listen(0, '127.0.0.1');
  return { server, url: `http://127.0.0.1:${port}` };
}
