// Who could answer a request next: available officers (on duty, not holding an assignment) of any
// commune, nearest first by the straight-line ETA from their last reported position, or from their
// commune's post when they have not reported one. The server's automatic reassignment takes the first
// one that has not already turned the request down; the console shows the list as an offer.
import type { Cluster, LatLon } from './cluster';
import { officerStatus, type DispatchState } from './domain';
import { DEFAULT_ETA, distanceMeters, etaSeconds, type EtaOptions } from './geo';
import type { OfficerPosition } from './protocol';

export interface ResponderSuggestion {
  officerId: string;
  callsign: string;
  commune: string;
  etaSeconds: number;
  distanceMeters: number;
  /** Where the estimate starts: the officer's last fix, or the commune post when there is none. */
  from: 'fix' | 'post';
  /** Server time the last fix arrived; null when estimated from the post. */
  fixReceivedAt: number | null;
  /** The officer already declined, or let expire, an assignment for this request. */
  declinedBefore: boolean;
}

/** Latest fixes by officer id, or as the list the server keeps. */
export type PositionsByOfficer = Readonly<Record<string, OfficerPosition>> | readonly OfficerPosition[];

/**
 * Every available officer for `requestId`: those who have not turned it down first, then by ETA (ties by
 * call sign, so the order is stable). Empty when the request does not exist or is closed.
 */
export function suggestResponders(
  state: DispatchState,
  positions: PositionsByOfficer,
  cluster: Pick<Cluster, 'communes'>,
  requestId: string,
  eta: EtaOptions = DEFAULT_ETA,
): ResponderSuggestion[] {
  const request = state.requests[requestId];
  if (!request || request.status === 'resolved' || request.status === 'cancelled') return [];
  const fixes = byOfficer(positions);
  const postOf = new Map(cluster.communes.map((c) => [c.id, c.post.location]));
  const turnedDown = new Set(
    request.assignmentIds.flatMap((id) => {
      const a = state.assignments[id];
      return a && (a.status === 'declined' || a.status === 'expired') ? [a.officerId] : [];
    }),
  );
  const suggestions: ResponderSuggestion[] = [];
  for (const officer of Object.values(state.officers)) {
    if (officerStatus(state, officer.id) !== 'available') continue;
    const fix = fixes.get(officer.id);
    const start: LatLon | undefined = fix ? { lat: fix.lat, lon: fix.lon } : postOf.get(officer.commune);
    if (!start) continue;
    suggestions.push({
      officerId: officer.id,
      callsign: officer.callsign,
      commune: officer.commune,
      etaSeconds: etaSeconds(start, request.location, eta),
      distanceMeters: distanceMeters(start, request.location),
      from: fix ? 'fix' : 'post',
      fixReceivedAt: fix ? fix.receivedAt : null,
      declinedBefore: turnedDown.has(officer.id),
    });
  }
  return suggestions.sort(
    (a, b) =>
      Number(a.declinedBefore) - Number(b.declinedBefore) ||
      a.etaSeconds - b.etaSeconds ||
      a.callsign.localeCompare(b.callsign),
  );
}

function byOfficer(positions: PositionsByOfficer): Map<string, OfficerPosition> {
  const list: readonly OfficerPosition[] = Array.isArray(positions)
    ? (positions as readonly OfficerPosition[])
    : Object.values(positions as Readonly<Record<string, OfficerPosition>>);
  return new Map(list.map((p) => [p.officerId, p]));
}
