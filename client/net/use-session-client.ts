// Creates the DispatchClient of a logged-in screen and the cluster data it needs, and tears both
// down on logout. The browser's wiring of the client core: posts and officers get an IndexedDB outbox per
// account (it survives a reload), and every screen the browser's online/offline signal.
import { useEffect, useState } from 'react';
import type { ClusterInfo } from '../../shared/api';
import { initialState } from '../../shared/reducer';
import { watchOutboxForSync } from './background-sync';
import { fetchClusterInfo } from './cluster-info';
import { DispatchClient } from './dispatch-client';
import { indexedDbOutboxStorage } from './indexeddb-outbox-storage';
import { watchBrowserNetwork } from './network-watch';
import type { Session } from './session';

const CLUSTER_CACHE_KEY = 'grd.clusterInfo';

/** The cluster from the server, or the copy from the last visit when the server cannot be reached. */
export async function loadClusterInfo(): Promise<ClusterInfo> {
  try {
    const info = await fetchClusterInfo();
    try {
      localStorage.setItem(CLUSTER_CACHE_KEY, JSON.stringify(info));
    } catch {
      // A full or blocked storage only costs the offline fallback.
    }
    return info;
  } catch (err) {
    const cached = localStorage.getItem(CLUSTER_CACHE_KEY);
    if (cached) return JSON.parse(cached) as ClusterInfo;
    throw err;
  }
}

export type SessionClientState =
  | { phase: 'loading' }
  | { phase: 'error'; error: unknown; retry: () => void }
  | { phase: 'ready'; client: DispatchClient; clusterInfo: ClusterInfo };

export function useSessionClient(session: Session): SessionClientState {
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<SessionClientState>({ phase: 'loading' });
  const { token, principal } = session;

  useEffect(() => {
    let client: DispatchClient | undefined;
    let stopSync: (() => void) | undefined;
    let cancelled = false;
    loadClusterInfo().then(
      (clusterInfo) => {
        if (cancelled) return;
        const usesOutbox = principal.role === 'post' || principal.role === 'officer';
        client = new DispatchClient({
          token,
          role: principal.role,
          baseState: initialState(clusterInfo.cluster),
          watchNetwork: watchBrowserNetwork,
          ...(usesOutbox ? { outbox: indexedDbOutboxStorage(`outbox:${principal.accountId}`) } : {}),
        });
        if (usesOutbox) stopSync = watchOutboxForSync(client);
        void client.start();
        setState({ phase: 'ready', client, clusterInfo });
      },
      (err: unknown) => {
        if (cancelled) return;
        // Kept as it came: the screen words it (failureText), so offline reads as such, not "Failed to fetch".
        setState({ phase: 'error', error: err, retry: () => setAttempt((n) => n + 1) });
      },
    );
    return () => {
      cancelled = true;
      stopSync?.();
      client?.stop();
    };
  }, [token, principal, attempt]);

  return state;
}
