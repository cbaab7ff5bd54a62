// The browser's own online/offline signal, which it knows long before a Socket.IO ping timeout does:
// 'offline' drops a socket that can no longer carry anything (so the screen stops saying "live"),
// 'online' reconnects now instead of after the remaining backoff (up to 10 s on a phone in a dead zone);
// so does the service worker's Background Sync wake-up (background-sync.ts).
import type { Socket } from 'socket.io-client';
import { OUTBOX_DRAIN_MESSAGE } from './background-sync';

/** Starts watching; returns the function that stops. Given to DispatchClient by use-session-client.ts. */
export function watchBrowserNetwork(socket: Socket, stopped: () => boolean): () => void {
  if (typeof window === 'undefined' || typeof window.addEventListener !== 'function') return () => undefined;
  const offline = () => {
    if (socket.connected) socket.io.engine.close();
  };
  const online = () => {
    if (stopped() || socket.connected) return;
    // disconnect() cancels the pending backoff timer; connect() opens a fresh attempt right away.
    socket.disconnect().connect();
  };
  const fromWorker = (event: MessageEvent) => {
    if (event.data === OUTBOX_DRAIN_MESSAGE) online();
  };
  const worker = typeof navigator !== 'undefined' && 'serviceWorker' in navigator ? navigator.serviceWorker : null;
  window.addEventListener('offline', offline);
  window.addEventListener('online', online);
  worker?.addEventListener('message', fromWorker);
  return () => {
    window.removeEventListener('offline', offline);
    window.removeEventListener('online', online);
    worker?.removeEventListener('message', fromWorker);
  };
}
