// Officer SOS: an officer in danger holds one button and the whole cluster knows. The SOS is a request
// (kind officer_support, priority critical) with an `sos` record on it, so it rides the queue, the
// assignment offers and the escalation rules already in place; this file holds what is SOS-only: the
// record, who is alerted, and how its events change the request.
import { z } from 'zod';
import type { Cluster } from './cluster';
import { isClosed, REQUEST_KINDS, type DispatchRequest, type DispatchState, type Outcome } from './domain';

/** The kinds a post or a dispatcher may raise: officer_support comes only from an officer's SOS. */
export const RAISABLE_KINDS = REQUEST_KINDS.filter((k) => k !== 'officer_support');

/** Officers offered the SOS request at once (nearest available first); the escalation rules replace them. */
export const SOS_RESPONDERS = 2;
/** An open SOS whose officer has had no device connected this long raises "mất liên lạc" (SOS_LOST_CONTACT_S). */
export const DEFAULT_SOS_LOST_CONTACT_MS = 30_000;

/** The phone's latest fix as the SOS carries it (device time `at`). */
export const SosFixSchema = z.strictObject({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  accuracy: z.number().min(0).max(100_000),
  at: z.number().int().positive(),
});
export type SosFix = z.infer<typeof SosFixSchema>;

export interface SosState {
  officerId: string;
  raisedAt: number;
  /** The fix the phone sent with the SOS; null when it had none (the request is then at the officer's post). */
  fix: SosFix | null;
  /** Communes whose posts are alerted: the officer's own and its neighbours. */
  alertCommunes: string[];
  /** The officer's latest "an toàn" (recorded; only a dispatcher closes the SOS). */
  safeAt: number | null;
  /** The latest "mất liên lạc" alert, and since when the phone was silent then. */
  lostContactAt: number | null;
  lostContactSince: number | null;
  closedAt: number | null;
  /** The dispatcher's account id. */
  closedBy: string | null;
}

export function isOpenSos(request: DispatchRequest): boolean {
  return request.sos !== undefined && !isClosed(request);
}

export function openSosRequests(state: DispatchState): DispatchRequest[] {
  return Object.values(state.requests).filter(isOpenSos);
}

/** The officer's open SOS, if any (an officer has at most one). */
export function openSosOf(state: DispatchState, officerId: string): DispatchRequest | undefined {
  return openSosRequests(state).find((r) => r.sos?.officerId === officerId);
}

/** Officers with an open SOS: they are never offered as responders. */
export function officersInDistress(state: DispatchState): Set<string> {
  return new Set(openSosRequests(state).flatMap((r) => (r.sos ? [r.sos.officerId] : [])));
}

/**
 * The communes whose posts an SOS from `commune` alerts: the commune itself and its neighbours, as the
 * cluster file's `neighbours` list declares them (communes sharing a boundary edge), sorted.
 */
export function sosAlertCommunes(cluster: Pick<Cluster, 'neighbours'>, commune: string): string[] {
  const alerted = new Set([commune]);
  for (const [a, b] of cluster.neighbours) {
    if (a === commune) alerted.add(b);
    if (b === commune) alerted.add(a);
  }
  return [...alerted].sort();
}

// How each SOS event changes its request (the shared reducer calls these).

export function withSosRaised(
  request: DispatchRequest,
  data: { officerId: string; fix: SosFix | null; alertCommunes: string[] },
  at: number,
): DispatchRequest {
  const sos: SosState = {
    officerId: data.officerId,
    raisedAt: at,
    fix: data.fix,
    alertCommunes: data.alertCommunes,
    safeAt: null,
    lostContactAt: null,
    lostContactSince: null,
    closedAt: null,
    closedBy: null,
  };
  return { ...request, sos };
}

export function withSosSafe(request: DispatchRequest, at: number): DispatchRequest {
  return request.sos ? { ...request, sos: { ...request.sos, safeAt: at } } : request;
}

export function withSosLostContact(request: DispatchRequest, silentSince: number, at: number): DispatchRequest {
  return request.sos
    ? { ...request, sos: { ...request.sos, lostContactAt: at, lostContactSince: silentSince } }
    : request;
}

/** Closing the SOS resolves its request with the dispatcher's outcome. */
export function withSosClosed(
  request: DispatchRequest,
  data: { outcome: Outcome; note: string },
  at: number,
  by: string | null,
): DispatchRequest {
  if (!request.sos || isClosed(request)) return request;
  return {
    ...request,
    status: 'resolved',
    closedAt: at,
    outcome: data.outcome,
    closeReason: data.note,
    openSince: null,
    sos: { ...request.sos, closedAt: at, closedBy: by },
  };
}

/** `map[id]` only when it is the map's own entry: an id from a client is never a prototype key. */
export function ownEntry<T>(map: Readonly<Record<string, T>>, id: string): T | undefined {
  return Object.hasOwn(map, id) ? map[id] : undefined;
}
