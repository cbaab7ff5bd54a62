// The yardstick: a bare Socket.IO relay doing the server's fan-out with nothing else. A raise is acked and
// sent to every console and to its post; officers' fixes are kept (latest per officer) and sent to the
// consoles in one batch every 500 ms. No store, no login, no checks. It answers `sync` with nothing missed so
// the same drivers can run against it. Run by the orchestrator: PORT=… node --import tsx bench/scale/bare-relay.ts
import http from 'node:http';
import { Server } from 'socket.io';
import { PROTOCOL_VERSION } from '../../shared/protocol';

const BATCH_MS = 500;
const port = Number(process.env.PORT ?? 0);

interface Fix {
  lat: number;
  lon: number;
  accuracy: number;
  at: number;
}
interface RaiseCommand {
  id: string;
  data: { kind: string; priority: string; note?: string };
}

const httpServer = http.createServer((req, res) => {
  res.writeHead(req.url === '/healthz' ? 200 : 404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ ok: req.url === '/healthz' }));
});
const io = new Server(httpServer, { serveClient: false });

let seq = 0;
let changed = new Map<string, Fix & { officerId: string; receivedAt: number }>();

io.on('connection', (socket) => {
  const auth = socket.handshake.auth as { role?: string; scope?: string };
  const role = auth.role ?? 'console';
  const scope = auth.scope ?? '';
  if (role === 'console') void socket.join('consoles');
  if (role === 'post') void socket.join(`post:${scope}`);
  socket.emit('welcome', { principal: { role, scope }, protocol: PROTOCOL_VERSION, serverTime: Date.now(), seq });
  socket.on('sync', (_request: unknown, ack: (result: unknown) => void) => {
    ack({ ok: true, mode: 'events', events: [], seq, positions: [] });
  });
  socket.on('command', (command: RaiseCommand, ack: (result: unknown) => void) => {
    seq += 1;
    const requestId = `r${seq}`;
    io.to('consoles')
      .to(`post:${scope}`)
      .emit('event', {
        seq,
        at: Date.now(),
        type: 'request:raised',
        data: { requestId, commune: scope, kind: command.data.kind, note: command.data.note ?? '' },
      });
    ack({ ok: true, seq, ref: requestId });
  });
  socket.on('position:report', (fix: Fix, ack: (result: unknown) => void) => {
    changed.set(scope, { ...fix, officerId: scope, receivedAt: Date.now() });
    ack({ ok: true });
  });
});

setInterval(() => {
  if (changed.size === 0) return;
  const batch = [...changed.values()];
  changed = new Map();
  io.to('consoles').volatile.emit('positions', batch);
}, BATCH_MS);

httpServer.listen(port, '127.0.0.1', () => {
  const address = httpServer.address();
  console.log(`relay listening ${typeof address === 'object' && address ? address.port : port}`);
});

// Like the server: disconnect everyone (they reconnect on their own), then exit.
process.on('SIGTERM', () => {
  void io.close(() => process.exit(0));
});
