// Who could answer a request next: available officers (on duty, not holding an assignment) of any
// commune, nearest first by the straight-line ETA from their last reported position, or from their
// commune's post when they have not reported one. The server's automatic reassignment takes the first
// one that has not already turned the request down; the console shows the list as an offer, ranked by
// the same rule with what it also knows (who is connected, how old each fix is) passed as `known`.
import type { Cluster, LatLon } from './cluster';
import { activeAssignmentsByOfficer, isClosed, officerStatus, type DispatchState } from './domain';
import { DEFAULT_ETA, distanceMeters, etaSeconds, type EtaOptions } from './geo';
import type { OfficerPosition } from './protocol';
import { ownRecord } from './ids';
import { officersWhoTurnedDown } from './responders';
import { officersInDistress } from './sos';
import type { TravelEstimator } from './road-route';

export interface ResponderSuggestion {
  officerId: string;
  callsign: string;
  commune: string;
  etaSeconds: number;
  /** Along the roads when `etaMethod` is 'road', else the straight line. */
  distanceMeters: number;
  /** How the ETA was found: the fastest road path, or the straight-line rule (no roads, or none near). */
  etaMethod: 'road' | 'straight';
  /** Where the estimate starts: the officer's last fix, or the commune post when there is none. */
  from: 'fix' | 'post';
  /** Server time the last fix arrived; null when estimated from the post. */
  fixReceivedAt: number | null;
  /** The officer already declined, or let expire, an assignment for this request. */
  declinedBefore: boolean;
  /** Connected, as far as `known.online` says; true when presence was not given. */
  online: boolean;
  /** The last fix is older than `known.staleAfterMs` at `known.now`; false when no age was given. */
  staleFix: boolean;
}

/** What a caller may know beyond the state and positions; each one that is given refines the ranking. */
export interface SuggestKnown {
  /** Officer ids connected now: the others rank after every connected officer. */
  online?: ReadonlySet<string>;
  /** With `now`, a fix older than this (and an estimate from the post) ranks after fresh fixes. */
  staleAfterMs?: number;
  now?: number;
  /** Road travel times (imported roads); without it, or where it has no answer, the straight-line rule. */
  travel?: TravelEstimator | undefined;
}

/** Latest fixes by officer id, or as the list the server keeps. */
export type PositionsByOfficer = Readonly<Record<string, OfficerPosition>> | readonly OfficerPosition[];

/**
 * Every available officer for `requestId`, in tiers: offline officers last (when presence is known), then
 * those who have already turned the request down, then positions that are only a guess (no fix, or a
 * stale one, when fix ages are known); inside a tier by ETA, ties by call sign so the order is stable.
 * Empty when the request does not exist or is closed.
 */
export function suggestResponders(
  state: DispatchState,
  positions: PositionsByOfficer,
  cluster: Pick<Cluster, 'communes'>,
  requestId: string,
  eta: EtaOptions = DEFAULT_ETA,
  known: SuggestKnown = {},
): ResponderSuggestion[] {
  const request = ownRecord(state.requests, requestId);
  if (!request || isClosed(request)) return [];
  const fixes = byOfficer(positions);
  const postOf = new Map(cluster.communes.map((c) => [c.id, c.post.location]));
  const turnedDown = officersWhoTurnedDown(state, request.id);
  const { online, staleAfterMs, now } = known;
  const agesKnown = staleAfterMs !== undefined && now !== undefined;
  const active = activeAssignmentsByOfficer(state);
  // An officer calling SOS is the one who needs help, never a responder.
  const distressed = officersInDistress(state);
  const roadTimeFrom = known.travel?.(request.location);
  const suggestions: ResponderSuggestion[] = [];
  for (const officer of Object.values(state.officers)) {
    if (officerStatus(state, officer.id, active) !== 'available' || distressed.has(officer.id)) continue;
    const fix = fixes.get(officer.id);
    const start: LatLon | undefined = fix ? { lat: fix.lat, lon: fix.lon } : postOf.get(officer.commune);
    if (!start) continue;
    const road = roadTimeFrom?.(start) ?? null;
    suggestions.push({
      officerId: officer.id,
      callsign: officer.callsign,
      commune: officer.commune,
      etaSeconds: road ? road.seconds : etaSeconds(start, request.location, eta),
      distanceMeters: road ? road.meters : distanceMeters(start, request.location),
      etaMethod: road ? 'road' : 'straight',
      from: fix ? 'fix' : 'post',
      fixReceivedAt: fix ? fix.receivedAt : null,
      declinedBefore: turnedDown.has(officer.id),
      online: online ? online.has(officer.id) : true,
      staleFix: agesKnown && fix !== undefined && now - fix.receivedAt > staleAfterMs,
    });
  }
  const tier = (s: ResponderSuggestion) =>
    (s.online ? 0 : 4) + (s.declinedBefore ? 2 : 0) + (agesKnown && (s.from === 'post' || s.staleFix) ? 1 : 0);
  return suggestions.sort(
    (a, b) => tier(a) - tier(b) || a.etaSeconds - b.etaSeconds || a.callsign.localeCompare(b.callsign),
  );
}

function byOfficer(positions: PositionsByOfficer): Map<string, OfficerPosition> {
  const list: readonly OfficerPosition[] = Array.isArray(positions)
    ? (positions as readonly OfficerPosition[])
    : Object.values(positions as Readonly<Record<string, OfficerPosition>>);
  return new Map(list.map((p) => [p.officerId, p]));
}
