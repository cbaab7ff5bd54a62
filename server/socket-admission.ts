// What every incoming packet passes before its handler runs: a known event, exactly one payload and an
// ack callback, a payload within the protocol's size and shape (checkFrame), a token not yet expired, and
// the account's and the IP's rate limits (a position fix while overloaded is shed before them, so it costs
// no limiter round trip). Each refusal is answered through the ack when there is one, and
// logged. The token was verified once at the handshake; per packet only its expiry is compared (O(1), no
// roster read): a disabled account or a password reset is pushed by the roster and ends the socket then
// (account-sessions.ts).
import type { Socket } from 'socket.io';
import { ErrorCode, type Ack, type Refusal } from '../shared/protocol';
import type { Principal } from '../shared/domain';
import { endAtExpiry } from './account-sessions';
import type { Authenticator } from './auth/auth';
import { refuse } from './domain/refusal';
import type { LimitedKind, RateLimiters } from './rate-limits';
import { checkFrame } from './socket-guard';
import type { FixIntake } from './telemetry/fix-intake';

/** The events a client may send, and the budget each counts against. */
const KNOWN_EVENTS: ReadonlyMap<string, LimitedKind> = new Map([
  ['command', 'command'],
  ['sync', 'command'],
  ['position:report', 'position'],
  ['position:trail', 'command'],
]);

export interface AdmissionDeps {
  auth: Authenticator;
  limiters: RateLimiters;
  /** Sheds a position fix while the server is overloaded (the LoadMonitor's state), before the limiter. */
  fixes?: Pick<FixIntake, 'shedIfOverloaded'>;
  /** The clock token expiry is measured by; the wall clock by default. */
  now?: () => number;
}

type Packet = unknown[];
type Next = (err?: Error) => void;

export function admission(
  socket: Socket,
  principal: Principal,
  deps: AdmissionDeps,
): (packet: Packet, next: Next) => void {
  const who = `${principal.accountId} (${socket.handshake.address})`;
  const now = deps.now ?? Date.now;
  // The handshake verified this token: only its expiry can still change by itself.
  const token: unknown = (socket.handshake.auth as { token?: unknown }).token;
  const expiresAt = typeof token === 'string' ? deps.auth.expiresAt(token) : Number.NaN;
  endAtExpiry(socket, expiresAt, now);
  return (packet, next) => {
    let answer: (result: Ack) => void = () => undefined;
    try {
      const [event, ...args] = packet;
      const name = typeof event === 'string' ? event.slice(0, 64) : `(${typeof event})`;
      const last = args.at(-1);
      if (typeof last === 'function') answer = (result) => (last as (r: Ack) => void)(result);
      const refused = (refusal: Refusal): void => {
        console.warn(`socket: refused "${name}" from ${who}: ${refusal.code}: ${refusal.message}`);
        answer(refusal);
      };
      const kind = typeof event === 'string' ? KNOWN_EVENTS.get(event) : undefined;
      if (!kind) return refused(refuse(ErrorCode.UnknownCommand, `no event "${name}" in this protocol`));
      // An unanswerable command would be applied with nobody told: refuse it (only the log can say so).
      if (typeof last !== 'function') return refused(refuse(ErrorCode.BadRequest, 'no ack callback'));
      if (args.length !== 2) {
        return refused(refuse(ErrorCode.BadRequest, `"${name}" takes one payload and an ack, got ${args.length - 1}`));
      }
      const tooBig = checkFrame(args.slice(0, 1));
      if (tooBig) return refused(tooBig);
      if (!(now() < expiresAt)) {
        refused(refuse(ErrorCode.Unauthenticated, 'token expired'));
        socket.disconnect(true);
        return;
      }
      // Not logged: under overload that would be one line per fix.
      if (event === 'position:report' && deps.fixes?.shedIfOverloaded(answer)) return;
      deps.limiters.consume(kind, principal.accountId, socket.handshake.address).then(
        (waitMs) => {
          if (waitMs === 0) return next();
          const seconds = Math.ceil(waitMs / 1000);
          refused(refuse(ErrorCode.RateLimited, `too many messages; retry in ${seconds} s with the same id`));
        },
        (error: unknown) => {
          console.error('socket: rate limit check failed', error);
          answer(refuse(ErrorCode.Internal, 'internal error'));
        },
      );
    } catch (error) {
      console.error(`socket: packet from ${who} failed before its handler`, error);
      try {
        answer(refuse(ErrorCode.Internal, 'internal error'));
      } catch {
        // The client's own ack machinery failed: nothing more to tell it.
      }
    }
  };
}
