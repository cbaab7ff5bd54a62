// The real server process (`server/main.ts`, journal on a temp DATA_DIR, demo accounts) under load:
// SIGKILL and a restart on the same DATA_DIR lose no acknowledged command, and commands whose ack was
// lost are retried by the clients with the same id and applied exactly once. SIGTERM stops cleanly:
// sockets are closed (clients reconnect elsewhere), a snapshot is written, exit code 0.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import type { CommandInput } from '../../shared/commands';
import { PROTOCOL_VERSION, type CommandAck, type LoginResponse } from '../../shared/protocol';
import type { ClientSocket } from '../support/test-client';
import { boot, listeningUrl, stop, type Booted } from '../server-start/boot';

const COMMUNES = ['phu-long', 'ky-phu', 'cuc-phuong', 'thanh-van', 'thanh-cong', 'thanh-minh'];

async function login(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo' }),
  });
  const body = (await res.json()) as LoginResponse;
  if (!body.ok) throw new Error(`login ${username}: ${body.message}`);
  return body.token;
}

async function connect(url: string, token: string): Promise<ClientSocket> {
  const socket: ClientSocket = io(url, {
    transports: ['websocket'],
    auth: { token, protocol: PROTOCOL_VERSION },
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('welcome', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** One command with an ack, or null when the connection went away first (the ack was lost). */
function send(socket: ClientSocket, command: CommandInput, timeoutMs = 5000): Promise<CommandAck | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), timeoutMs);
    socket.once('disconnect', () => resolve(null));
    socket.emit('command', command, (ack) => {
      clearTimeout(timer);
      resolve(ack);
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the server process under faults', () => {
  const booted: Booted[] = [];
  const dirs: string[] = [];
  const sockets: ClientSocket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.disconnect();
    for (const b of booted.splice(0)) await stop(b);
    for (const d of dirs.splice(0)) await fs.rm(d, { recursive: true, force: true });
  });
  const start = async (dataDir: string) => {
    const b = boot({ DATA_DIR: dataDir, DEMO: '1', DEMO_SIMULATOR: '0' });
    booted.push(b);
    return { b, url: await listeningUrl(b) };
  };

  it('SIGKILL under load loses no acknowledged command; lost acks are retried with the same id and applied once', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'grd-kill-'));
    dirs.push(dataDir);
    const first = await start(dataDir);
    const posts = await Promise.all(COMMUNES.map(async (c) => connect(first.url, await login(first.url, `post-${c}`))));
    sockets.push(...posts);

    // Each post raises requests one after another (paced under the rate limit) until the kill.
    const acked = new Map<string, string>(); // command id → request id
    const sent: CommandInput[] = [];
    let killed = false;
    const loops = posts.map(async (socket, p) => {
      for (let i = 0; !killed; i++) {
        const command: CommandInput = {
          id: `kill-${p}-${i}-${Math.random().toString(36).slice(2, 8)}`,
          type: 'request:raise',
          data: { kind: 'fight', priority: 'high', note: `tải ${p}/${i}` },
        };
        sent.push(command);
        const ack = await send(socket, command);
        if (ack?.ok) acked.set(command.id, ack.ref ?? '');
        else if (ack === null) return;
        await sleep(120);
      }
    });
    while (acked.size < 60) await sleep(20);
    first.b.child.kill('SIGKILL');
    killed = true;
    expect(await first.b.exited).toBeNull();
    await Promise.all(loops);

    // The same DATA_DIR: everything acknowledged is there.
    const second = await start(dataDir);
    const token = await login(second.url, 'dieu-phoi');
    const dispatcher = await connect(second.url, token);
    sockets.push(dispatcher);
    const sync = await dispatcher.emitWithAck('sync', { lastSeq: 0, snapshot: true });
    if (!sync.ok || sync.mode !== 'snapshot') throw new Error('expected a snapshot');
    for (const requestId of acked.values()) expect(sync.state.requests[requestId]).toBeDefined();

    // The clients retry everything they sent (acked or not) with the same ids: each applied exactly once.
    const retryPosts = await Promise.all(
      COMMUNES.map(async (c) => connect(second.url, await login(second.url, `post-${c}`))),
    );
    sockets.push(...retryPosts);
    const refs = new Map<string, string>();
    for (const command of sent) {
      const p = Number(command.id.split('-')[1]);
      const socket = retryPosts[p];
      if (!socket) throw new Error('no post socket');
      let ack = await send(socket, command);
      while (ack && !ack.ok && ack.code === 'rate_limited') {
        await sleep(200);
        ack = await send(socket, command);
      }
      expect(ack).toMatchObject({ ok: true });
      if (ack?.ok) refs.set(command.id, ack.ref ?? '');
      const before = acked.get(command.id);
      if (before !== undefined) expect(ack).toMatchObject({ ok: true, ref: before, duplicate: true });
    }
    const after = await dispatcher.emitWithAck('sync', { lastSeq: 0, snapshot: true });
    if (!after.ok || after.mode !== 'snapshot') throw new Error('expected a snapshot');
    const requests = Object.values(after.state.requests);
    expect(requests).toHaveLength(sent.length);
    expect(new Set(refs.values()).size).toBe(sent.length);
    expect(requests.map((r) => r.number).sort((a, b) => a - b)).toEqual(requests.map((_, i) => i + 1));
  }, 60_000);

  it('SIGTERM closes the sockets, writes a snapshot and exits 0; a retry after the restart is answered once', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'grd-term-'));
    dirs.push(dataDir);
    const { b, url } = await start(dataDir);
    const post = await connect(url, await login(url, 'post-ky-phu'));
    sockets.push(post);
    let last: CommandAck | null = null;
    for (let i = 0; i < 5; i++) {
      last = await send(post, {
        id: `term-${i}-xxxxxx`,
        type: 'request:raise',
        data: { kind: 'theft', priority: 'normal' },
      });
    }
    expect(last).toMatchObject({ ok: true, seq: 5 });
    const disconnected = new Promise<string>((resolve) => post.once('disconnect', (reason) => resolve(reason)));
    b.child.kill('SIGTERM');
    // The server closed the connection (a client with reconnection on would go and find another node).
    expect(await disconnected).toMatch(/transport close|io server disconnect/);
    expect(await b.exited).toBe(0);
    expect(b.output()).toContain('SIGTERM');
    const snapshot = JSON.parse(await fs.readFile(path.join(dataDir, 'journal', 'snapshot.json'), 'utf8')) as {
      seq: number;
    };
    expect(snapshot.seq).toBe(5);
    const again = await start(dataDir);
    const back = await connect(again.url, await login(again.url, 'post-ky-phu'));
    sockets.push(back);
    expect(
      await send(back, { id: 'term-4-xxxxxx', type: 'request:raise', data: { kind: 'theft', priority: 'normal' } }),
    ).toMatchObject({
      ok: true,
      seq: 5,
      duplicate: true,
    });
  }, 60_000);
});
