// Waiting on a DispatchClient's snapshot: resolves when the predicate holds, fails after a generous
// bound (this is about "eventually", never about speed).
import type { DispatchClient } from '../../client/net/dispatch-client';
import type { ClientSnapshot } from '../../client/net/types';

export function waitForSnapshot(
  client: DispatchClient,
  predicate: (s: ClientSnapshot) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<ClientSnapshot> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const s = client.getSnapshot();
      if (!predicate(s)) return false;
      clearTimeout(timer);
      unsubscribe();
      resolve(s);
      return true;
    };
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out waiting for ${what}; connection ${JSON.stringify(client.getSnapshot().connection)}`));
    }, timeoutMs);
    const unsubscribe = client.subscribe(() => void check());
    check();
  });
}

export const isLive = (s: ClientSnapshot): boolean => s.connection.kind === 'live';

/** Cuts the transport as a dropped network would (Socket.IO reconnects by itself). */
export function dropConnection(client: DispatchClient): void {
  client.socket.io.engine.close();
}

/** Keeps a client offline until goOnline(): the transport is cut and automatic reconnection paused. */
export function goOffline(client: DispatchClient): void {
  client.socket.io.reconnection(false);
  client.socket.io.engine.close();
}

export function goOnline(client: DispatchClient): void {
  client.socket.io.reconnection(true);
  client.socket.connect();
}
