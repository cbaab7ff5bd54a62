// A disabled account, a password reset or a changed scope ends that account's live sockets at once, on
// every node. Each node re-checks the tokens of its own sockets every ACCOUNT_CHECK_MS (a roster change
// by the CLI, or by an admin page on any node, is seen through the shared roster file), and
// `cutAccountSockets` lets code that changes an account end its sessions everywhere immediately
// through the Socket.IO adapter (the Redis adapter reaches the other nodes).
import type { Server } from 'socket.io';
import type { Authenticator } from './auth/auth';

/** How often each node re-checks its sockets' tokens against the roster. */
export const ACCOUNT_CHECK_MS = 1000;

/** Every socket of an account joins this room, on whichever node it is. */
export function accountRoom(accountId: string): string {
  return `account:${accountId}`;
}

/** Disconnects every socket of `accountId` on every node; they reconnect and are refused at the handshake. */
export function cutAccountSockets(io: Server, accountId: string, reason: string): void {
  console.warn(`sessions: ending every socket of ${accountId} (${reason})`);
  io.in(accountRoom(accountId)).disconnectSockets(true);
}

/** Starts the periodic check on this node's sockets; returns the stop function. */
export function watchAccountSessions(io: Server, auth: Authenticator, everyMs = ACCOUNT_CHECK_MS): () => void {
  const check = () => {
    for (const socket of io.of('/').sockets.values()) {
      const token: unknown = (socket.handshake.auth as { token?: unknown }).token;
      const still = typeof token === 'string' ? auth.verify(token) : { ok: false as const, message: 'no token' };
      if (still.ok) continue;
      const accountId = (socket.data as { principal?: { accountId?: string } }).principal?.accountId ?? '?';
      console.warn(`sessions: ending a socket of ${accountId}: ${still.message}`);
      socket.disconnect(true);
    }
  };
  const timer = setInterval(() => {
    try {
      check();
    } catch (error) {
      console.error('sessions: account check failed', error);
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
