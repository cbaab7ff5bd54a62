// Background Sync for the outbox, where the browser has it (Chrome, Edge, Android): when a command is
// queued without a connection, the service worker is asked for a "sync" the browser fires as soon as the
// network is back, even while the page sits throttled in the background; the worker then wakes the
// page (see network-watch.ts), which reconnects and drains the outbox over its socket at once. Elsewhere
// (Safari, Firefox) nothing is registered and the outbox drains on the reconnect as before.
import type { DispatchClient } from './dispatch-client';

export const OUTBOX_SYNC_TAG = 'grd-outbox';
/** What the service worker posts to its pages when the sync fires. */
export const OUTBOX_DRAIN_MESSAGE = 'outbox:drain';

interface SyncCapable {
  sync?: { register(tag: string): Promise<void> };
}

export function backgroundSyncAvailable(): boolean {
  return (
    typeof navigator !== 'undefined' &&
    'serviceWorker' in navigator &&
    typeof window !== 'undefined' &&
    'SyncManager' in window
  );
}

/** Registers the outbox sync; resolves whether it was registered (false where unsupported or refused). */
export async function requestOutboxSync(): Promise<boolean> {
  if (!backgroundSyncAvailable()) return false;
  try {
    const registration = (await navigator.serviceWorker.ready) as ServiceWorkerRegistration & SyncCapable;
    if (!registration.sync) return false;
    await registration.sync.register(OUTBOX_SYNC_TAG);
    return true;
  } catch {
    return false;
  }
}

/** Asks for a sync each time commands wait in the outbox without a live connection. Returns the unsubscribe. */
export function watchOutboxForSync(client: DispatchClient): () => void {
  if (!backgroundSyncAvailable()) return () => undefined;
  let asked = false;
  return client.subscribe(() => {
    const { outbox, connection } = client.getSnapshot();
    const waiting = outbox.length > 0 && connection.kind !== 'live';
    if (waiting && !asked) void requestOutboxSync();
    asked = waiting;
  });
}
