// One driver process: up to 1,000 sockets of one kind (consoles, posts or officers) against the server or the
// relay, steered by the orchestrator over IPC (messages.ts). Against the server each socket logs in over HTTP
// and connects as the real client does (websocket, handshake auth {token, protocol}, `sync` on every connect,
// its own reconnect after a server-side disconnect); against the relay it only says who it is. Each socket goes to
// its own URL (with --nodes, the server node it was placed on), its login too.
import { io, type Socket } from 'socket.io-client';
import type { CommandInput } from '../../shared/commands';
import type { DispatchEvent } from '../../shared/events';
import {
  PROTOCOL_VERSION,
  type ClientToServerEvents,
  type LoginResponse,
  type OfficerPosition,
  type ServerToClientEvents,
} from '../../shared/protocol';
import { wallNow } from './clock';
import type {
  ConsoleReport,
  DriverReport,
  DriverStart,
  FromDriver,
  PlacedSocket,
  PostReport,
  ToDriver,
} from './messages';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const LOGIN_CONCURRENCY = 8;
const CONNECT_CONCURRENCY = 50;
const ACK_TIMEOUT_MS = 10_000;
/** Only bounds the pending ack: the report is taken drainMs after stop, and an ack later than that is not in it. */
const RAISE_ACK_TIMEOUT_MS = 120_000;
const RETRY_MS = 1_000;
const NOTE = /^bench (\S+) (\d+(?:\.\d+)?)$/;

interface Conn {
  spec: PlacedSocket;
  socket: ClientSocket;
  live: boolean;
  lastSeq: number;
  droppedInStorm: boolean;
  backInStorm: boolean;
  /** Raises this console got, live or by resync: true once it got one live (a second live copy is doubled). */
  console?: ConsoleReport & { seen: Map<string, boolean> };
  post?: PostReport;
}

let start: DriverStart;
const conns: Conn[] = [];
const timers: ReturnType<typeof setTimeout>[] = [];
let recording = false;
let windowStart = 0;
let windowEnd = 0;
let storm = false;
let commandCounter = 0;
const fixes = { sent: 0, acked: 0, refused: {} as Record<string, number> };

const send = (message: FromDriver) => process.send?.(message);

process.on('disconnect', () => process.exit(0));
process.on('message', (message: ToDriver) => {
  switch (message.type) {
    case 'start':
      start = message;
      connectAll().catch((err: unknown) => send({ type: 'failed', message: (err as Error).message }));
      return;
    case 'go':
      go(message.untilWall);
      return;
    case 'stop':
      stop();
      return;
    case 'storm':
      armStorm();
      return;
  }
});

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

async function login(spec: PlacedSocket): Promise<string> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const res = await fetch(`${spec.url}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: spec.username, password: start.password }),
      });
      const answer = (await res.json()) as LoginResponse;
      if (answer.ok) return answer.token;
      throw new Error(`login ${spec.username}: ${answer.code}: ${answer.message}`);
    } catch (err) {
      if (attempt >= 5) throw err;
      await new Promise((r) => setTimeout(r, RETRY_MS));
    }
  }
}

async function connectAll(): Promise<void> {
  const t0 = wallNow();
  const tokens = new Map<string, string>();
  if (start.target === 'server') {
    await pool(start.sockets, LOGIN_CONCURRENCY, async (spec) => {
      tokens.set(spec.username, await login(spec));
    });
  }
  const t1 = wallNow();
  await pool(start.sockets, CONNECT_CONCURRENCY, async (spec) => {
    const auth =
      start.target === 'server'
        ? { token: tokens.get(spec.username) ?? '', protocol: PROTOCOL_VERSION }
        : { role: spec.role, scope: spec.scope };
    await open(spec, auth);
  });
  send({ type: 'ready', sockets: conns.length, loginMs: t1 - t0, connectMs: wallNow() - t1 });
}

/** Opens one socket and resolves once it is live (connected and resynced) for the first time. */
function open(spec: PlacedSocket, auth: Record<string, unknown>): Promise<void> {
  const socket: ClientSocket = io(spec.url, {
    transports: ['websocket'],
    // One connection per socket, as each device has its own; without it sockets to one URL share a manager.
    forceNew: true,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 10_000,
    auth,
  });
  const conn: Conn = { spec, socket, live: false, lastSeq: 0, droppedInStorm: false, backInStorm: false };
  if (spec.role === 'console') {
    conn.console = { deliveries: [], duplicates: 0, batches: 0, fixes: 0, fixLatency: {}, seen: new Map() };
  }
  if (spec.role === 'post') conn.post = { raises: [] };
  conns.push(conn);
  const reconnectLater = () =>
    setTimeout(() => {
      if (!socket.connected) socket.connect();
    }, RETRY_MS);

  return new Promise((resolve, reject) => {
    let first = true;
    const resync = () => {
      socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck('sync', { lastSeq: conn.lastSeq })
        .then((ack) => {
          if (!ack.ok) throw new Error(`sync refused: ${ack.code}`);
          // Raises missed while away come back here: counted as delivered (late), not as lost.
          if (ack.mode === 'events') for (const event of ack.events) onEvent(conn, event, 'resync');
          conn.lastSeq = Math.max(conn.lastSeq, ack.seq);
          conn.live = true;
          if (storm && conn.droppedInStorm) conn.backInStorm = true;
          if (first) {
            first = false;
            resolve();
          }
        })
        .catch(() => {
          if (socket.connected) setTimeout(resync, RETRY_MS);
        });
    };
    socket.on('connect', resync);
    socket.on('disconnect', (reason) => {
      conn.live = false;
      if (storm) conn.droppedInStorm = true;
      // Like the real client: what Socket.IO buffered would go out before the resync.
      socket.sendBuffer = [];
      if (reason === 'io server disconnect') reconnectLater();
    });
    socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
      if (first && err.data?.code === 'unauthenticated') reject(new Error(`${spec.username}: ${err.message}`));
      // Refused by a middleware (e.g. shutting down): Socket.IO does not retry that by itself.
      else if (!socket.active) reconnectLater();
    });
    socket.on('event', (event) => onEvent(conn, event, 'live'));
    socket.on('positions', (batch) => onPositions(conn, batch));
  });
}

function onEvent(conn: Conn, event: DispatchEvent, via: 'live' | 'resync'): void {
  conn.lastSeq = Math.max(conn.lastSeq, event.seq);
  const record = conn.console;
  if (!record || event.type !== 'request:raised') return;
  const match = NOTE.exec(event.data.note);
  if (!match) return;
  const [, key = '', stamp = '0'] = match;
  // Got live and again by resync (or the other way round) is the protocol working, not a double.
  const gotLive = record.seen.get(key);
  if (via === 'live' && gotLive === true) record.duplicates += 1;
  if (gotLive === undefined) record.deliveries.push([key, wallNow() - Number(stamp)]);
  record.seen.set(key, gotLive === true || via === 'live');
}

function onPositions(conn: Conn, batch: OfficerPosition[]): void {
  const record = conn.console;
  if (!record || !recording) return;
  const now = wallNow();
  if (now > windowEnd) return;
  record.batches += 1;
  record.fixes += batch.length;
  for (const p of batch) {
    const ms = Math.max(0, Math.round(now - p.at));
    record.fixLatency[ms] = (record.fixLatency[ms] ?? 0) + 1;
  }
}

/** Starts each socket's periodic sends at a random phase, so the load is even rather than in waves. */
function every(periodMs: number, action: () => void): void {
  const first = setTimeout(() => {
    action();
    timers.push(setInterval(action, periodMs));
  }, Math.random() * periodMs);
  timers.push(first);
}

function go(untilWall: number): void {
  recording = true;
  windowStart = wallNow();
  windowEnd = untilWall;
  for (const conn of conns) {
    if (conn.spec.role === 'post') every(start.raiseEveryMs, () => raise(conn));
    if (conn.spec.role === 'officer') every(start.fixEveryMs, () => report(conn));
  }
}

function raise(conn: Conn): void {
  const record = conn.post;
  if (!record || wallNow() > windowEnd) return;
  const key = `${conn.spec.username}:${record.raises.length + 1}`;
  const stamp = wallNow();
  commandCounter += 1;
  const command: CommandInput = {
    id: `bench-${process.pid}-${commandCounter}`,
    type: 'request:raise',
    data: { kind: 'other', priority: 'normal', note: `bench ${key} ${stamp.toFixed(3)}` },
    sentAt: Math.round(stamp),
  };
  const entry: PostReport['raises'][number] = { key, ackMs: null, refused: null };
  record.raises.push(entry);
  conn.socket
    .timeout(RAISE_ACK_TIMEOUT_MS)
    .emitWithAck('command', command)
    .then(
      (ack) => {
        entry.ackMs = wallNow() - stamp;
        if (!ack.ok) entry.refused = ack.code;
      },
      () => undefined,
    );
}

function report(conn: Conn): void {
  if (wallNow() > windowEnd) return;
  const { lat, lon } = conn.spec.home;
  const fix = {
    lat: lat + (Math.random() - 0.5) * 0.01,
    lon: lon + (Math.random() - 0.5) * 0.01,
    accuracy: 10,
    // The shared clock, whole ms as the protocol wants; the console's fix latency is measured from it.
    at: Math.round(wallNow()),
  };
  fixes.sent += 1;
  conn.socket.emit('position:report', fix, (ack) => {
    if (ack.ok) fixes.acked += 1;
    else fixes.refused[ack.code] = (fixes.refused[ack.code] ?? 0) + 1;
  });
}

function stop(): void {
  for (const t of timers) clearTimeout(t);
  timers.length = 0;
  setTimeout(() => {
    recording = false;
    const report: DriverReport = {
      consoles: conns.flatMap((c) => {
        if (!c.console) return [];
        const { seen: _seen, ...rest } = c.console;
        return [rest];
      }),
      posts: conns.flatMap((c) => (c.post ? [c.post] : [])),
      fixesSent: fixes.sent,
      fixesAcked: fixes.acked,
      fixesRefused: fixes.refused,
      windowMs: Math.max(0, Math.min(windowEnd, wallNow()) - windowStart),
    };
    send({ type: 'report', report });
  }, start.drainMs);
}

function armStorm(): void {
  storm = true;
  for (const c of conns) {
    c.droppedInStorm = false;
    c.backInStorm = false;
  }
  timers.push(
    setInterval(() => {
      const dropped = conns.filter((c) => c.droppedInStorm).length;
      const back = conns.filter((c) => c.backInStorm && c.live).length;
      send({ type: 'storm-progress', back, dropped, total: conns.length });
    }, 500),
  );
  send({ type: 'storm-armed' });
}
