// Suggested responders for a request: available officers of any commune and either province, nearest
// first by the straight-line ETA from their last reported position.
import type { Cluster, LatLon } from '../../shared/cluster';
import { officerStatus, type DispatchRequest, type DispatchState } from '../../shared/domain';
import { DEFAULT_ETA, distanceMeters, etaSeconds, type EtaOptions } from '../../shared/geo';
import type { OfficerPosition } from '../../shared/protocol';
import { STALE_FIX_MS } from '../map/area-style';

export interface Suggestion {
  officerId: string;
  callsign: string;
  commune: string;
  etaSeconds: number;
  distanceMeters: number;
  /** Where the estimate starts: the officer's last fix, or the commune post when there is none. */
  from: 'fix' | 'post';
  /** The last fix is older than STALE_FIX_MS. */
  staleFix: boolean;
  online: boolean;
  /** The officer already declined or let an assignment for this request expire. */
  declinedBefore: boolean;
}

export interface SuggestionInput {
  cluster: Pick<Cluster, 'communes'>;
  state: DispatchState;
  request: DispatchRequest;
  positions: Readonly<Record<string, OfficerPosition>>;
  /** Officer ids currently connected; undefined: presence unknown, everyone counts as online. */
  online?: ReadonlySet<string>;
  now: number;
  eta?: EtaOptions;
  limit?: number;
}

/**
 * Online officers with a fresh fix who have not already turned this request down come first; inside each
 * group the nearest by ETA. Officers without a fix are estimated from their commune's post.
 */
export function suggestResponders(input: SuggestionInput): Suggestion[] {
  const { cluster, state, request, positions, online, now } = input;
  const eta = input.eta ?? DEFAULT_ETA;
  const postOf = new Map(cluster.communes.map((c) => [c.id, c.post.location]));
  const turnedDown = new Set(
    request.assignmentIds
      .map((id) => state.assignments[id])
      .filter((a) => a !== undefined && (a.status === 'declined' || a.status === 'expired'))
      .map((a) => a?.officerId),
  );
  const suggestions: Suggestion[] = [];
  for (const officer of Object.values(state.officers)) {
    if (officerStatus(state, officer.id) !== 'available') continue;
    const fix = positions[officer.id];
    const start: LatLon | undefined = fix ? { lat: fix.lat, lon: fix.lon } : postOf.get(officer.commune);
    if (!start) continue;
    suggestions.push({
      officerId: officer.id,
      callsign: officer.callsign,
      commune: officer.commune,
      etaSeconds: etaSeconds(start, request.location, eta),
      distanceMeters: distanceMeters(start, request.location),
      from: fix ? 'fix' : 'post',
      staleFix: fix ? now - fix.receivedAt > STALE_FIX_MS : false,
      online: online ? online.has(officer.id) : true,
      declinedBefore: turnedDown.has(officer.id),
    });
  }
  const rank = (s: Suggestion) =>
    (s.online ? 0 : 4) + (s.declinedBefore ? 2 : 0) + (s.from === 'post' || s.staleFix ? 1 : 0);
  return suggestions
    .sort((a, b) => rank(a) - rank(b) || a.etaSeconds - b.etaSeconds || a.callsign.localeCompare(b.callsign))
    .slice(0, input.limit ?? 5);
}
