// A real dispatch server for the client tests: createServer on port 0 with a journal in a temp dir.
// Accounts come from a small table behind the Authenticator seam (the login flow is the accounts
// helper's to test); everything after the handshake is the real engine and socket layer.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Principal } from '../../shared/domain';
import type { Authenticator } from '../../server/auth/auth';
import { loadClusterFile } from '../../server/cluster-file';
import { systemClock } from '../../server/clock';
import { DEFAULT_CLUSTER_FILE, testConfig } from '../../server/config';
import { createServer, type CreateServerDeps, type DispatchServer } from '../../server/create-server';
import { JournalStore } from '../../server/store/journal-store';

export const cluster = loadClusterFile(DEFAULT_CLUSTER_FILE);

/** Tokens are the account ids; an unknown token is refused like an expired one. */
export const PRINCIPALS: Record<string, Principal> = {
  'dieu-phoi': { accountId: 'dieu-phoi', role: 'dispatcher', displayName: 'Điều phối' },
  'dieu-phoi-2': { accountId: 'dieu-phoi-2', role: 'dispatcher', displayName: 'Điều phối 2' },
  'post-ky-phu': { accountId: 'post-ky-phu', role: 'post', displayName: 'Kỳ Phú', commune: 'ky-phu' },
  'kp-1': { accountId: 'kp-1', role: 'officer', displayName: 'KP-1', officerId: 'kp-1' },
};

const tableAuth: Authenticator = {
  login: () => Promise.resolve({ ok: false, message: 'not used in these tests' }),
  verify: (token) => {
    const principal = PRINCIPALS[token];
    return principal ? { ok: true, principal } : { ok: false, message: 'token expired' };
  },
};

export interface RunningServer {
  server: DispatchServer;
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startServer(extra: Partial<CreateServerDeps> = {}): Promise<RunningServer> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'grd-client-'));
  const server = await createServer({
    store: new JournalStore(dataDir),
    clock: systemClock,
    cluster,
    config: testConfig({ dataDir }),
    auth: tableAuth,
    clientDir: path.join(dataDir, 'no-client'),
    ...extra,
  });
  const port = await server.listen(0, '127.0.0.1');
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    dataDir,
    async stop() {
      await server.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
