// Open sessions and the roster: a packet on an open socket never reads the roster file (the token was
// verified at the handshake), and a revocation is pushed: from the /accounts page at once on the node that
// wrote it, and through the roster file's watch on another node sharing the data dir (not by the poll).
// Two real servers on one data dir, real roster file, real authenticators, real sockets.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LoginResponse } from '../../shared/protocol';
import { AuditLog } from '../../server/auth/audit-log';
import { createAuthenticator } from '../../server/auth/authenticator';
import { writeFileAtomic } from '../../server/auth/atomic-write';
import { hashPassword } from '../../server/auth/passwords';
import { Roster } from '../../server/auth/roster';
import { systemClock } from '../../server/clock';
import { createServer, type DispatchServer } from '../../server/create-server';
import { createAccountsRouter } from '../../server/http/accounts-router';
import { createApiRouter } from '../../server/http/api-router';
import { JournalStore } from '../../server/store/journal-store';
import type { Principal } from '../../shared/domain';
import { connectAs, type TestClient } from '../support/test-client';
import { testServerConfig } from '../support/test-server';
import { makeTempDir, removeDirs } from './helpers';
import { seedCluster } from '../support/cluster-fixture';

const cluster = seedCluster;
const dirs: string[] = [];
const secret = crypto.randomBytes(32).toString('hex');
// Cheap parameters: these tests are about sessions, not about hashing cost.
const cheap = { N: 2 ** 10, r: 8, p: 1 };
/** Far beyond any wait below: a cut seen on the other node came from the file watch, not the poll. */
const NO_POLL_MS = 60_000;
const realStat = fs.statSync;

interface Node {
  server: DispatchServer;
  base: string;
  roster: Roster;
}

let dataDir: string;
let nodes: Node[] = [];

async function startNode(): Promise<Node> {
  const roster = Roster.open(dataDir, cluster);
  const auth = createAuthenticator({ roster, secret, ttlMs: 3600_000, clock: systemClock, rosterPollMs: NO_POLL_MS });
  const config = testServerConfig(dataDir);
  const accounts = createAccountsRouter({ auth, roster, audit: new AuditLog(dataDir) });
  const server = await createServer({
    // Each node its own journal: these tests are about the shared roster only.
    store: new JournalStore(path.join(dataDir, `journal-${nodes.length}`)),
    clock: systemClock,
    cluster,
    config,
    auth,
    apiRouter: createApiRouter({ auth, cluster, config, accounts }),
  });
  return { server, base: `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`, roster };
}

async function login(node: Node, username: string, password: string): Promise<{ token: string; principal: Principal }> {
  const res = await fetch(`${node.base}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await res.json()) as LoginResponse;
  if (!body.ok) throw new Error(`login ${username}: ${body.message}`);
  return { token: body.token, principal: body.principal };
}

async function connect(node: Node, username: string, password: string): Promise<TestClient> {
  const { token, principal } = await login(node, username, password);
  return connectAs({ url: node.base, tokenFor: () => token }, principal, { token });
}

const cutWithin = (client: TestClient, ms: number) =>
  new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not cut within ${ms} ms`)), ms);
    client.socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });

beforeAll(async () => {
  dataDir = await makeTempDir('revocation');
  dirs.push(dataDir);
  const roster = Roster.open(dataDir, cluster);
  roster.add({ username: 'quan-tri', role: 'dispatcher', admin: true, passwordHash: await hashPassword('qt', cheap) });
  for (const id of ['kp-1', 'kp-2', 'kp-3']) {
    roster.add({ username: id, role: 'officer', officerId: id, passwordHash: await hashPassword(id, cheap) });
  }
  nodes = [await startNode()];
  nodes.push(await startNode());
});
afterAll(async () => {
  await Promise.all(nodes.map((n) => n.server.close()));
  vi.restoreAllMocks();
  await removeDirs(dirs);
});

describe('the per-packet token check', () => {
  it('reads nothing of the roster file, however many packets come', async () => {
    const [a] = nodes;
    const client = await connect(a!, 'kp-1', 'kp-1');
    const rosterFile = a!.roster.file;
    let touches = 0;
    const stat = vi.spyOn(fs, 'statSync').mockImplementation(((file: fs.PathLike, options?: fs.StatSyncOptions) => {
      if (String(file) === rosterFile) touches += 1;
      return realStat(file, options);
    }) as typeof fs.statSync);
    const started = Date.now();
    for (let i = 0; i < 200; i += 1) expect(await client.sync(0)).toMatchObject({ ok: true });
    const elapsed = Date.now() - started;
    stat.mockRestore();
    // Only the roster's fallback poll may stat it meanwhile (its interval here is a minute): none per packet.
    expect(touches).toBeLessThanOrEqual(Math.ceil(elapsed / NO_POLL_MS) * nodes.length);
    client.close();
  });
});

describe('revocation is pushed', () => {
  it('a disable on the /accounts page cuts that account’s sockets at once, on this node and the other', async () => {
    const [a, b] = nodes;
    const admin = await login(a!, 'quan-tri', 'qt');
    const here = await connect(a!, 'kp-2', 'kp-2');
    const there = await connect(b!, 'kp-2', 'kp-2');
    const bystander = await connect(b!, 'kp-3', 'kp-3');
    const cutHere = cutWithin(here, 1000);
    const cutThere = cutWithin(there, 1000);
    const res = await fetch(`${a!.base}/api/accounts/kp-2/disable`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.token}` },
    });
    expect(res.status).toBe(200);
    // This node cut it while handling the request (its own write never shows up as a file change).
    expect(await cutHere).toBe('io server disconnect');
    // The other node read it from the shared roster file through its watch (its poll is a minute away).
    expect(await cutThere).toBe('io server disconnect');
    expect(bystander.socket.connected).toBe(true);
    expect(await bystander.sync(0)).toMatchObject({ ok: true });
    bystander.close();
  });

  it('another process rewriting the roster file (a password reset) cuts the sockets through the watch', async () => {
    const [a] = nodes;
    const client = await connect(a!, 'kp-3', 'kp-3');
    const cut = cutWithin(client, 1000);
    // What the roster CLI does from its own process: an atomic rewrite of the file.
    const file = JSON.parse(fs.readFileSync(a!.roster.file, 'utf8')) as { accounts: { username: string }[] };
    const passwordHash = await hashPassword('mat-khau-moi', cheap);
    const accounts = file.accounts.map((acc) => (acc.username === 'kp-3' ? { ...acc, passwordHash } : acc));
    writeFileAtomic(a!.roster.file, `${JSON.stringify({ ...file, accounts }, null, 2)}\n`);
    expect(await cut).toBe('io server disconnect');
  });
});
