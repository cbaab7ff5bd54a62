// What the replay shows at time t: each officer where its track puts it (linear between kept fixes; at
// its first fix, marked not yet reported, before that), each request as it stood, the events so far.
import type { HistoryRecord } from '../../shared/history';
import type { OfficerPosition } from '../../shared/protocol';

export interface OfficerAt {
  officerId: string;
  lat: number;
  lon: number;
  /** False before the officer's first fix of the period: shown where it will first appear. */
  reported: boolean;
}

export type RequestPhase = 'open' | 'dispatched' | 'closed';

export function tracksByOfficer(fixes: readonly OfficerPosition[]): Map<string, OfficerPosition[]> {
  const byOfficer = new Map<string, OfficerPosition[]>();
  for (const p of fixes) {
    const list = byOfficer.get(p.officerId) ?? [];
    list.push(p);
    byOfficer.set(p.officerId, list);
  }
  for (const list of byOfficer.values()) list.sort((a, b) => a.receivedAt - b.receivedAt);
  return byOfficer;
}

/** Index of the last fix at or before t (binary search), -1 when none. */
function lastAtOrBefore(track: readonly OfficerPosition[], t: number): number {
  let lo = 0;
  let hi = track.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((track[mid]?.receivedAt ?? Infinity) <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export function officerAt(officerId: string, track: readonly OfficerPosition[], t: number): OfficerAt | null {
  const first = track[0];
  if (!first) return null;
  const i = lastAtOrBefore(track, t);
  if (i === -1) return { officerId, lat: first.lat, lon: first.lon, reported: false };
  const a = track[i];
  const b = track[i + 1];
  if (!a) return null;
  if (!b || b.receivedAt === a.receivedAt) return { officerId, lat: a.lat, lon: a.lon, reported: true };
  const f = (t - a.receivedAt) / (b.receivedAt - a.receivedAt);
  return { officerId, lat: a.lat + (b.lat - a.lat) * f, lon: a.lon + (b.lon - a.lon) * f, reported: true };
}

/** The track up to t, for the line behind the marker. */
export function trackUpTo(track: readonly OfficerPosition[], t: number): [number, number][] {
  return track.slice(0, lastAtOrBefore(track, t) + 1).map((p) => [p.lat, p.lon]);
}

/** Null before the request was raised. */
export function requestPhaseAt(record: HistoryRecord, t: number): RequestPhase | null {
  const { request } = record;
  if (t < request.raisedAt) return null;
  if (request.closedAt !== null && request.closedAt <= t) return 'closed';
  const responding = record.assignments.some(
    (a) => a.assignedAt <= t && (a.endedAt === null || a.endedAt > t || a.status === 'released'),
  );
  return responding ? 'dispatched' : 'open';
}

/** How far the replay clock moves in `realMs` at `speed`× without passing `to`. */
export function advance(t: number, realMs: number, speed: number, to: number): number {
  return Math.min(to, t + realMs * speed);
}
