// What stands before the socket handlers: the handshake (protocol version + token, once per
// connection), the admission checks every packet passes (socket-admission.ts: shape, size, ack, token,
// rate limits), and the guard that turns a handler's exception into a logged `internal` answer.
import type { Socket } from 'socket.io';
import type { Principal } from '../../shared/domain';
import {
  ErrorCode,
  HandshakeAuthSchema,
  PROTOCOL_VERSION,
  type Ack,
  type ClientToServerEvents,
  type ConnectErrorData,
} from '../../shared/protocol';
import type { Authenticator } from '../auth/auth';
import { refuse } from '../domain/refusal';
import type { RateLimiters } from '../rate-limits';
import type { Clock } from '../clock';
import { admission } from '../socket-admission';
import type { DispatchIo, DispatchSocket } from '../socket';
import type { FixIntake } from '../telemetry/fix-intake';

/** Refuses a connection whose protocol or token is wrong; otherwise puts its principal in `socket.data`. */
export function useHandshake(io: DispatchIo, auth: Authenticator): void {
  io.use((socket, next) => {
    const refusal = checkHandshake(socket.handshake.auth, auth);
    if ('code' in refusal) {
      const error = new Error(refusal.message) as Error & { data?: ConnectErrorData };
      error.data = refusal;
      next(error);
      return;
    }
    socket.data.principal = refusal.principal;
    next();
  });
}

/** Every packet of `socket` passes the admission checks before its handler. */
export function admitPackets(
  socket: DispatchSocket,
  principal: Principal,
  deps: { auth: Authenticator; limiters: RateLimiters; clock: Clock; fixes: FixIntake },
): void {
  const { auth, limiters, fixes } = deps;
  socket.use(admission(socket, principal, { auth, limiters, fixes, now: () => deps.clock.now() }));
}

/**
 * Lets go of the HTTP upgrade request once the handshake middleware (origin, token) has read it, as the
 * Socket.IO docs advise for memory. What later checks need stays in `handshake`: the token (`auth`,
 * its expiry compared per packet) and the address (`address`, the per-IP rate limit); the headers go, since
 * nothing reads them after the origin check. Measured: engine.io 6.6 itself still holds the request
 * until the TCP socket closes (its upgrade response listens for the socket's close), so this frees it
 * only once engine.io stops doing so; nothing of ours holds it meanwhile.
 */
export function releaseRequest(socket: DispatchSocket): void {
  (socket.conn as { request: unknown }).request = null;
  socket.handshake.headers = {};
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

/**
 * Registers a handler whose exception is logged and answered `internal`: one socket's bad luck never
 * stops the process (Socket.IO calls handlers on a later tick, outside any try of its own).
 */
export function onGuarded(
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
export function replier<T>(ack: unknown): (result: T) => void {
  return typeof ack === 'function' ? (result: T) => (ack as (r: T) => void)(result) : () => undefined;
}
