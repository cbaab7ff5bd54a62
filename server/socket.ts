// The Socket.IO layer: the handshake (protocol version + token), rooms by role and scope, and the
// handlers for `command`, `sync` and `position:report`. Every packet passes the admission checks
// first (socket-admission.ts: shape, size, ack, token, rate limits), and an exception in a handler is
// logged and answered `internal`, never fatal. Events from the engine are
// broadcast only to the rooms allowed to see them. Presence is the officers' devices on every node: with
// several nodes a dispatcher's first list and an officer's "offline" ask the others through the adapter.
import type { Server, Socket } from 'socket.io';
import { describeIssues } from '../shared/cluster';
import type { Principal } from '../shared/domain';
import {
  ErrorCode,
  HandshakeAuthSchema,
  PROTOCOL_VERSION,
  SyncRequestSchema,
  type Ack,
  type ClientToServerEvents,
  type CommandAck,
  type ConnectErrorData,
  type InterServerEvents,
  type ServerToClientEvents,
  type SocketData,
  type SyncAck,
} from '../shared/protocol';
import { accountRoom } from './account-sessions';
import type { Authenticator } from './auth/auth';
import type { Clock } from './clock';
import { canSee, DISPATCHERS_ROOM, officerRoom, roomsFor, roomsOf, viewFor } from './domain/audience';
import { refuse } from './domain/refusal';
import type { Engine } from './engine';
import { visiblePositions, type PositionBatcher, type PositionStore } from './positions';
import { Presence } from './presence';
import type { RateLimiters } from './rate-limits';
import { admission } from './socket-admission';
import { FRAME_LIMITS } from './socket-guard';
import { attachTrailHandler } from './trail-socket';
import type { FixIntake } from './telemetry/fix-intake';

export type DispatchIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type DispatchSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/**
 * Socket.IO's own cap (maxHttpBufferSize): a frame above it closes the connection before it is parsed.
 * It is the protocol's limit plus room for the framing (event name, ack id), so a payload just over
 * MAX_MESSAGE_BYTES is still answered with `too_large` and a client learns why.
 */
export const TRANSPORT_LIMIT_BYTES = FRAME_LIMITS.bytes + 1024;

/** How long a question to the other nodes may take before a node goes by what it knows itself. */
export const PRESENCE_QUERY_TIMEOUT_MS = 2000;

/** Beyond this many missing events a client gets a snapshot of its view instead. */
export const SYNC_EVENTS_LIMIT = 1000;

export interface SocketLayerDeps {
  io: DispatchIo;
  engine: Engine;
  auth: Authenticator;
  clock: Clock;
  positions: PositionStore;
  batcher: PositionBatcher;
  limiters: RateLimiters;
  /** Where position reports go: checked, coalesced, written in batches, shed when overloaded. */
  fixes: FixIntake;
  /** Who is connected here; created when not given. The timers read it for offline alerts. */
  presence?: Presence;
  /**
   * Several nodes share the Socket.IO adapter: presence is asked of all of them. Off (one node), the
   * local counts are the whole truth and presence is sent at once.
   */
  acrossNodes?: boolean;
}

export function attachSocketLayer(deps: SocketLayerDeps): () => void {
  const { io, engine, clock } = deps;
  const presence = deps.presence ?? new Presence(clock.now());

  io.use((socket, next) => {
    const refusal = checkHandshake(socket.handshake.auth, deps.auth);
    if ('code' in refusal) {
      const error = new Error(refusal.message) as Error & { data?: ConnectErrorData };
      error.data = refusal;
      next(error);
      return;
    }
    socket.data.principal = refusal.principal;
    next();
  });

  const stopBroadcast = engine.onEvents((events, state) => {
    // Each node sends every event it applies, its own or another node's (from the log tail), to its
    // own sockets only: the durable log carries events between nodes, not the adapter's pub/sub,
    // so an event reaches each socket exactly once and a lost pub/sub message cannot lose one.
    for (const event of events) io.local.to(roomsFor(event, state)).emit('event', event);
  });

  io.on('connection', (socket: DispatchSocket) => {
    try {
      onConnection(socket);
    } catch (error) {
      // One socket's set-up failing ends that socket, never the process (it reconnects and tries again).
      console.error('socket: connection set-up failed', error);
      socket.disconnect(true);
    }
  });

  function onConnection(socket: DispatchSocket): void {
    const principal = socket.data.principal;
    void socket.join([...roomsOf(principal), accountRoom(principal.accountId)]);
    socket.emit('welcome', { principal, protocol: PROTOCOL_VERSION, serverTime: clock.now(), seq: engine.state.seq });
    if (principal.role === 'dispatcher') {
      for (const p of presence.online()) socket.emit('presence', p);
      if (deps.acrossNodes) sendPresenceElsewhere(socket, deps, presence);
    }
    if (principal.role === 'officer' && principal.officerId) {
      const update = presence.connected(principal.officerId, clock.now());
      if (update) io.to(DISPATCHERS_ROOM).emit('presence', update);
    }
    socket.use(admission(socket, principal, { auth: deps.auth, limiters: deps.limiters, now: () => clock.now() }));

    onGuarded(socket, 'command', (command: unknown, ack: unknown) => {
      const reply = replier<CommandAck>(ack);
      engine.handle(principal, command).then(reply, (error: unknown) => {
        console.error('socket: command failed', error);
        reply(refuse(ErrorCode.Internal, 'internal error'));
      });
    });

    onGuarded(socket, 'sync', (request: unknown, ack: unknown) => {
      const reply = replier<SyncAck>(ack);
      const parsed = SyncRequestSchema.safeParse(request);
      if (!parsed.success) {
        reply(refuse(ErrorCode.BadRequest, describeIssues(parsed.error)));
        return;
      }
      syncFor(principal, parsed.data.lastSeq, parsed.data.snapshot === true, deps).then(reply, (error: unknown) => {
        console.error('socket: sync failed', error);
        reply(refuse(ErrorCode.Internal, 'internal error'));
      });
    });

    onGuarded(socket, 'position:report', (report: unknown, ack: unknown) => {
      deps.fixes.report(principal, report, replier<Ack>(ack));
    });

    attachTrailHandler(socket, principal, { positions: deps.positions, state: () => engine.state });

    socket.on('disconnect', () => {
      const officerId = principal.role === 'officer' ? principal.officerId : undefined;
      if (!officerId) return;
      const update = presence.disconnected(officerId, clock.now());
      if (!update) return;
      if (!deps.acrossNodes) {
        io.to(DISPATCHERS_ROOM).emit('presence', update);
        return;
      }
      // Its last device here; another node may still have one (a phone and a tablet, or a phone that
      // reconnected through the balancer before this socket timed out).
      officersConnectedAnywhere(io, [officerId])
        .then(
          (found) => found.has(officerId),
          (error: unknown) => {
            console.warn(`socket: could not ask the other nodes about ${officerId}: ${describeError(error)}`);
            return false;
          },
        )
        .then((elsewhere) => {
          // Back here meanwhile: its new socket has already said "online".
          if (presence.isLocal(officerId)) return;
          if (elsewhere) presence.connectedElsewhere(officerId, clock.now());
          else io.to(DISPATCHERS_ROOM).emit('presence', update);
        }, logUnexpected);
    });
  }

  return stopBroadcast;
}

/**
 * Officers among `officerIds` with a device connected to any node (the adapter asks the others; with the
 * in-memory adapter, this node only). Rejects when the answer takes longer than `timeoutMs`.
 */
export async function officersConnectedAnywhere(
  io: DispatchIo,
  officerIds: readonly string[],
  timeoutMs = PRESENCE_QUERY_TIMEOUT_MS,
): Promise<Set<string>> {
  if (officerIds.length === 0) return new Set();
  const sockets = await within(io.in(officerIds.map(officerRoom)).fetchSockets(), timeoutMs);
  return new Set(
    sockets.flatMap((s) => {
      const { role, officerId } = s.data.principal;
      return role === 'officer' && officerId ? [officerId] : [];
    }),
  );
}

/** Tells a dispatcher that just connected about the officers connected to other nodes only. */
function sendPresenceElsewhere(socket: DispatchSocket, deps: SocketLayerDeps, presence: Presence): void {
  const notHere = Object.keys(deps.engine.state.officers).filter((id) => !presence.isLocal(id));
  officersConnectedAnywhere(deps.io, notHere).then(
    (found) => {
      const now = deps.clock.now();
      for (const officerId of found) {
        if (presence.isLocal(officerId)) continue; // connected here meanwhile: already broadcast
        presence.connectedElsewhere(officerId, now);
        // The other node's connect time is not shared; "online since" is when this node learnt it.
        if (socket.connected) socket.emit('presence', { officerId, online: true, since: now });
      }
    },
    (error: unknown) => {
      console.warn(`socket: presence on the other nodes unknown (${describeError(error)}); this node's only`);
    },
  );
}

/** `promise`, or a rejection after `ms` (a late rejection of `promise` is then dropped). */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function logUnexpected(error: unknown): void {
  console.error('socket: presence update failed', error);
}

function checkHandshake(raw: unknown, auth: Authenticator): ConnectErrorData | { principal: Principal } {
  const protocol = typeof raw === 'object' && raw !== null && 'protocol' in raw ? raw.protocol : undefined;
  if (protocol !== PROTOCOL_VERSION) {
    return {
      code: ErrorCode.ProtocolMismatch,
      message: `this server speaks protocol ${PROTOCOL_VERSION}, the client ${String(protocol)}: reload the app`,
    };
  }
  const parsed = HandshakeAuthSchema.safeParse(raw);
  if (!parsed.success) return { code: ErrorCode.Unauthenticated, message: 'no token: log in first' };
  const verified = auth.verify(parsed.data.token);
  if (!verified.ok) return { code: ErrorCode.Unauthenticated, message: verified.message };
  return { principal: verified.principal };
}

async function syncFor(
  principal: Principal,
  lastSeq: number,
  wantSnapshot: boolean,
  deps: SocketLayerDeps,
): Promise<SyncAck> {
  const { engine } = deps;
  const head = engine.state.seq;
  // A client ahead of the log (e.g. the data dir was reset) cannot be patched: give it the whole view.
  const tooFar = wantSnapshot || lastSeq > head || head - lastSeq > SYNC_EVENTS_LIMIT;
  const events = tooFar ? null : await engine.eventsAfter(lastSeq, SYNC_EVENTS_LIMIT);
  const state = engine.state;
  const positions = visiblePositions(await deps.positions.latest(), state, principal);
  if (events === null) {
    return { ok: true, mode: 'snapshot', state: viewFor(principal, state), seq: state.seq, positions };
  }
  const visible = events.filter((e) => canSee(principal, e, state));
  const seq = events.at(-1)?.seq ?? lastSeq;
  return { ok: true, mode: 'events', events: visible, seq: Math.max(seq, lastSeq), positions };
}

/**
 * Registers a handler whose exception is logged and answered `internal`: one socket's bad luck never
 * stops the process (Socket.IO calls handlers on a later tick, outside any try of its own).
 */
function onGuarded(
  socket: DispatchSocket,
  event: keyof ClientToServerEvents,
  handler: (payload: unknown, ack: unknown) => void,
): void {
  (socket as unknown as Socket).on(event, (payload: unknown, ack: unknown) => {
    try {
      handler(payload, ack);
    } catch (error) {
      console.error(`socket: "${event}" handler failed`, error);
      replier<Ack>(ack)(refuse(ErrorCode.Internal, 'internal error'));
    }
  });
}

/** An ack that is safe to call whatever the client sent as its callback. */
function replier<T>(ack: unknown): (result: T) => void {
  return typeof ack === 'function' ? (result: T) => (ack as (r: T) => void)(result) : () => undefined;
}
