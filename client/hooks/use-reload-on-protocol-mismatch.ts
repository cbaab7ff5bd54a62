// A device still running an older (or newer) build than the node is refused at the handshake with
// `protocol_mismatch`, and only a reload fixes it: an installed PWA has no reload button of its own.
// The page reloads by itself once, after the outbox is on disk; a guard in sessionStorage keeps a node
// that still answers "mismatch" after the reload (an old node, a build not yet deployed) from looping.
// Browser wiring: the client core never touches location or sessionStorage.
import { useEffect } from 'react';
import { ErrorCode } from '../../shared/protocol';
import type { ConnectionStatus } from '../net/types';

/** When this tab last reloaded itself for a protocol mismatch (ms since the epoch). */
export const AUTO_RELOAD_KEY = 'grd.protocolReloadAt';
/** At most one automatic reload in this long; after that only the button reloads. */
export const AUTO_RELOAD_MIN_INTERVAL_MS = 60_000;

export interface ReloadWiring {
  reload: () => void;
  /** null where sessionStorage is blocked: then no automatic reload, since its guard cannot be kept. */
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  now: () => number;
}

function browserSessionStorage(): Storage | null {
  try {
    return sessionStorage;
  } catch {
    return null;
  }
}

export const browserReload: ReloadWiring = {
  reload: () => location.reload(),
  storage: browserSessionStorage(),
  now: () => Date.now(),
};

export function isProtocolMismatch(status: ConnectionStatus): boolean {
  return status.kind === 'refused' && status.code === ErrorCode.ProtocolMismatch;
}

/** Reloads unless this tab already did so for a mismatch within the last minute; says whether it did. */
export function reloadOnceForMismatch(wiring: ReloadWiring): boolean {
  const { storage, now } = wiring;
  if (!storage) return false;
  try {
    const last = Number(storage.getItem(AUTO_RELOAD_KEY));
    const at = now();
    // A clock set back (last in the future) counts as recent: better one reload too few than a loop.
    if (last > 0 && at - last < AUTO_RELOAD_MIN_INTERVAL_MS) return false;
    storage.setItem(AUTO_RELOAD_KEY, String(at));
  } catch {
    return false;
  }
  wiring.reload();
  return true;
}

/** The reload button's action: the outbox written first (see below), then the page reloaded. */
export function reloadAfterSave(client: { outboxSaved(): Promise<void> }, wiring: ReloadWiring = browserReload): void {
  void client.outboxSaved().then(() => wiring.reload());
}

/**
 * On `protocol_mismatch`, waits for the outbox to be written, then reloads once (see above).
 * Queued commands are safe across the reload: DispatchClient.send() goes through OutboxPump.enqueue,
 * which awaits Outbox.add → persist() → indexeddb-outbox-storage.ts save() (one IndexedDB transaction)
 * before the command shows as queued (Outbox.items() lists `stored`, set once the write is done);
 * outboxSaved() also waits for a write still under way, so a command made in the last instant is kept.
 * The one loss is a write IndexedDB itself failed (storage full or blocked), which no wait can cure.
 */
export function useReloadOnProtocolMismatch(
  client: { outboxSaved(): Promise<void> },
  status: ConnectionStatus,
  wiring: ReloadWiring = browserReload,
): void {
  const mismatch = isProtocolMismatch(status);
  useEffect(() => {
    if (!mismatch) return;
    let cancelled = false;
    void client.outboxSaved().then(() => {
      if (!cancelled) reloadOnceForMismatch(wiring);
    });
    return () => {
      cancelled = true;
    };
  }, [client, mismatch, wiring]);
}
