// The React binding: one DispatchClient per logged-in screen, read with useSyncExternalStore so every
// component sees the same snapshot and re-renders only when it changes.
import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { ClusterInfo } from '../../shared/api';
import type { DispatchClient } from './dispatch-client';
import type { Session } from './session';
import type { ClientSnapshot } from './types';

export interface DispatchContextValue {
  client: DispatchClient;
  session: Session;
  clusterInfo: ClusterInfo;
  logout: () => void;
}

const DispatchContext = createContext<DispatchContextValue | null>(null);

export function DispatchProvider({ value, children }: { value: DispatchContextValue; children: ReactNode }) {
  return <DispatchContext.Provider value={value}>{children}</DispatchContext.Provider>;
}

/** Client, session, cluster data and logout of the current screen. Throws outside a logged-in screen. */
export function useDispatch(): DispatchContextValue {
  const value = useContext(DispatchContext);
  if (!value) throw new Error('useDispatch outside <DispatchProvider>');
  return value;
}

export function useDispatchClient(): DispatchClient {
  return useDispatch().client;
}

/** The whole client snapshot (state, connection, outbox, positions, presence). */
export function useClientSnapshot(): ClientSnapshot {
  const client = useDispatchClient();
  return useSyncExternalStore(client.subscribe, client.getSnapshot, client.getSnapshot);
}

/** One part of the snapshot; the selector must return something stable (a field, not a new object). */
export function useClientSelector<T>(select: (snapshot: ClientSnapshot) => T): T {
  const client = useDispatchClient();
  const get = () => select(client.getSnapshot());
  return useSyncExternalStore(client.subscribe, get, get);
}

export function useClusterInfo(): ClusterInfo {
  return useDispatch().clusterInfo;
}
