// `npm start` for real: server/main.ts in a child process, on a temp DATA_DIR and a free port.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClusterResponse } from '../../shared/api';
import {
  PROTOCOL_VERSION,
  type ConnectErrorData,
  type LoginResponse,
  type ServerToClientEvents,
  type Welcome,
} from '../../shared/protocol';
import { makeTempDir, removeDirs, runRosterCli } from '../accounts/helpers';
import { seedClusterJson } from '../support/cluster-fixture';
import { boot, listeningUrl, stop, type Booted } from './boot';

const dirs: string[] = [];
const running: Booted[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await Promise.all(running.splice(0).map(stop));
  await removeDirs(dirs);
});

async function dataDir(): Promise<string> {
  const dir = await makeTempDir('start');
  dirs.push(dir);
  return dir;
}
function start(env: NodeJS.ProcessEnv): Booted {
  const booted = boot(env);
  running.push(booted);
  return booted;
}

async function login(url: string, username: string, password: string): Promise<LoginResponse> {
  const res = await fetch(`${url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return (await res.json()) as LoginResponse;
}

/** Connects with the token; resolves the welcome or the connect_error data. */
function handshake(url: string, token: string): Promise<{ welcome: Welcome } | { refused: ConnectErrorData }> {
  const socket: Socket<ServerToClientEvents> = connect(url, {
    auth: { token, protocol: PROTOCOL_VERSION },
    transports: ['websocket'],
    reconnection: false,
  });
  sockets.push(socket);
  return new Promise((resolve) => {
    socket.once('welcome', (welcome) => resolve({ welcome }));
    socket.once('connect_error', (err) => resolve({ refused: (err as Error & { data: ConnectErrorData }).data }));
  });
}

describe('npm start', () => {
  it('DEMO=1 creates and prints the demo accounts, serves /healthz and /api/cluster, and a demo officer connects', async () => {
    const dir = await dataDir();
    const server = start({ DEMO: '1', DATA_DIR: dir });
    const url = await listeningUrl(server);
    expect(server.output()).toMatch(/password: "demo"/);
    expect(server.output()).toMatch(/dieu-phoi\s+dispatcher/);
    expect(server.output()).toMatch(/post-ky-phu\s+post\s+ky-phu/);
    expect(server.output()).toMatch(/kp-1\s+officer\s+kp-1/);

    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, store: { kind: 'journal' } });
    const cluster = (await (await fetch(`${url}/api/cluster`)).json()) as ClusterResponse;
    expect(cluster.ok && cluster.cluster.communes.length).toBe(6);

    const officer = await login(url, 'kp-1', 'demo');
    if (!officer.ok) throw new Error(officer.message);
    expect(officer.principal).toMatchObject({ role: 'officer', officerId: 'kp-1' });
    expect(await handshake(url, officer.token)).toMatchObject({ welcome: { principal: { accountId: 'kp-1' } } });
    expect(await handshake(url, `${officer.token}x`)).toEqual({
      refused: { code: 'unauthenticated', message: expect.stringContaining('token signature invalid') },
    });

    // SIGTERM closes gracefully with exit code 0; the secret and accounts stay in DATA_DIR.
    expect(await stop(server)).toBe(0);
    expect(server.output()).toContain('closed');
    const files = await fs.readdir(dir);
    expect(files).toEqual(expect.arrayContaining(['roster.json', 'token-secret', 'journal']));
    expect((await fs.stat(path.join(dir, 'token-secret'))).mode & 0o777).toBe(0o600);

    // A restart on the same DATA_DIR keeps the accounts and the secret: the old token still connects.
    const again = start({ DEMO: '1', DATA_DIR: dir });
    const url2 = await listeningUrl(again);
    expect(again.output()).toMatch(/25 already existed/);
    expect(await handshake(url2, officer.token)).toMatchObject({ welcome: { principal: { officerId: 'kp-1' } } });
  }, 90_000);

  it('without DEMO and with no accounts says how to create the first one, keeps running, and picks it up', async () => {
    const dir = await dataDir();
    const server = start({ DATA_DIR: dir });
    const url = await listeningUrl(server);
    expect(server.output()).toContain('no accounts yet');
    expect(server.output()).toContain('npm run roster -- add --username dieu-phoi --role dispatcher');
    expect(server.output()).not.toContain('password: "demo"');
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(await login(url, 'dieu-phoi', 'demo')).toMatchObject({ ok: false, code: 'unauthenticated' });

    const added = await runRosterCli(dir, [
      'add',
      '--username',
      'dieu-phoi',
      '--role',
      'dispatcher',
      '--password',
      'first-pass',
    ]);
    expect(added.code).toBe(0);
    const first = await login(url, 'dieu-phoi', 'first-pass');
    expect(first).toMatchObject({ ok: true, principal: { role: 'dispatcher' } });
    if (!first.ok) return;
    // Disabled with the CLI while the server runs: the next handshake is refused.
    expect((await runRosterCli(dir, ['disable', '--username', 'dieu-phoi'])).code).toBe(0);
    expect(await handshake(url, first.token)).toEqual({
      refused: { code: 'unauthenticated', message: expect.stringContaining('account disabled') },
    });
  }, 90_000);

  it('stops with exit code 1 naming the bad field of a malformed cluster file', async () => {
    const dir = await dataDir();
    const json = seedClusterJson() as { officers: { commune: string }[] };
    json.officers[2]!.commune = 'atlantis';
    const file = path.join(dir, 'cluster.json');
    await fs.writeFile(file, JSON.stringify(json));
    const server = start({ DATA_DIR: dir, CLUSTER_FILE: file });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain(
      `cannot start: cluster file ${file}: officers.2.commune: unknown commune "atlantis"`,
    );
  }, 60_000);

  it('stops with exit code 1 on a known TOKEN_SECRET outside demo mode', async () => {
    const server = start({ DATA_DIR: await dataDir(), TOKEN_SECRET: 'changeme' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toMatch(/cannot start: TOKEN_SECRET refused: it is a well-known value/);
  }, 60_000);
});
