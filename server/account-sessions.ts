// A disabled account, a password reset or a removed account ends that account's live sockets at once, on
// every node, by an event rather than a poll: the roster pushes each revocation (see Roster.onRevoked).
// A change this process wrote (the /accounts page) is cut on this node directly and, through the Socket.IO
// adapter, on every other node at once; a change read from the file (the roster CLI, or another node's write, seen by the
// roster's file watch within a second) is cut on this node only, as each node sees the file itself.
// A token that expires while its socket is open ends the socket at that moment (one timer per socket).
import type { Server, Socket } from 'socket.io';
import type { Authenticator, Revocation } from './auth/auth';

/** setTimeout's ceiling (about 24.8 days); a later expiry is re-armed when this one fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Every socket of an account joins this room, on whichever node it is. */
export function accountRoom(accountId: string): string {
  return `account:${accountId}`;
}

/** Disconnects every socket of `accountId` on every node; they reconnect and are refused at the handshake. */
export function cutAccountSockets(io: Server, accountId: string, reason: string): void {
  console.warn(`sessions: ending every socket of ${accountId} (${reason})`);
  // This node's own first, directly: with the Redis adapter a room-wide cut only publishes and relies on
  // hearing itself back, so a lost PUBLISH would leave them connected.
  io.local.in(accountRoom(accountId)).disconnectSockets(true);
  io.in(accountRoom(accountId)).disconnectSockets(true);
}

/** Ends the sockets of every account the authenticator revokes; returns the stop function. */
export function watchAccountSessions(io: Server, auth: Authenticator): () => void {
  if (!auth.onRevoked) return () => undefined;
  return auth.onRevoked(({ username, reason, origin }: Revocation) => {
    if (origin === 'write') {
      cutAccountSockets(io, username, reason);
      return;
    }
    console.warn(`sessions: ending this node's sockets of ${username} (${reason}, seen in the roster file)`);
    io.local.in(accountRoom(username)).disconnectSockets(true);
  });
}

/**
 * Disconnects `socket` when its token expires (by the wall clock; each packet also compares the
 * server's clock with `expiresAt`). Cancelled when the socket goes.
 */
export function endAtExpiry(socket: Socket, expiresAt: number, now: () => number): void {
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    const left = expiresAt - now();
    if (!(left > 0)) {
      // The handshake refused an expired token, so this runs when it expired while open.
      console.warn(`sessions: a socket's token expired; ending it`);
      // Not synchronously: this runs during the socket's set-up, before its handlers are all attached.
      setImmediate(() => socket.disconnect(true));
      return;
    }
    timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
    timer.unref();
  };
  arm();
  socket.once('disconnect', () => clearTimeout(timer));
}
