// The Socket.IO layer: the handshake and packet guards (socket/handshake.ts), rooms by role and scope,
// the handlers (socket/handlers.ts), presence (presence/presence.ts), and the broadcast of the
// engine's events, each only to the rooms allowed to see it.
import type { Server, Socket } from 'socket.io';
import {
  PROTOCOL_VERSION,
  type ClientToServerEvents,
  type InterServerEvents,
  type ServerToClientEvents,
  type SocketData,
} from '../shared/protocol';
import { accountRoom } from './account-sessions';
import type { Authenticator } from './auth/auth';
import { roomsFor, roomsOf } from './domain/audience';
import type { RateLimiters } from './rate-limits';
import { FRAME_LIMITS } from './socket-guard';
import { attachHandlers, type HandlerDeps } from './socket/handlers';
import { admitPackets, releaseRequest, useHandshake } from './socket/handshake';

export type DispatchIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type DispatchSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/**
 * Socket.IO's own cap (maxHttpBufferSize): a frame above it closes the connection before it is parsed.
 * It is the protocol's limit plus room for the framing (event name, ack id), so a payload just over
 * MAX_MESSAGE_BYTES is still answered with `too_large` and a client learns why.
 */
export const TRANSPORT_LIMIT_BYTES = FRAME_LIMITS.bytes + 1024;

export interface SocketLayerDeps extends HandlerDeps {
  io: DispatchIo;
  auth: Authenticator;
  limiters: RateLimiters;
}

export function attachSocketLayer(deps: SocketLayerDeps): () => void {
  const { io, engine, clock, presence } = deps;
  useHandshake(io, deps.auth);

  const stopBroadcast = engine.onEvents((events, state) => {
    // Each node sends every event it applies, its own or another node's (from the log tail), to its
    // own sockets only: the durable log carries events between nodes, not the adapter's pub/sub,
    // so an event reaches each socket exactly once and a lost pub/sub message cannot lose one.
    // One emit per event: the adapter encodes it once for all the sockets of those rooms.
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
    releaseRequest(socket);
    const principal = socket.data.principal;
    void socket.join([...roomsOf(principal), accountRoom(principal.accountId)]);
    socket.emit('welcome', { principal, protocol: PROTOCOL_VERSION, serverTime: clock.now(), seq: engine.state.seq });
    if (principal.role === 'dispatcher') presence.greetDispatcher(socket);
    const officerId = principal.role === 'officer' ? principal.officerId : undefined;
    if (officerId) {
      presence.officerConnected(officerId);
      // Registered before anything that can disconnect the socket (an expired token below), or it stays online.
      socket.once('disconnect', () => presence.officerDisconnected(officerId));
    }
    admitPackets(socket, principal, deps);
    attachHandlers(socket, principal, deps);
  }

  return stopBroadcast;
}
