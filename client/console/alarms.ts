// What should ring the dispatcher's alarm, found by comparing the mirrored state before and after a
// batch of events: a new request, an assignment that expired unanswered or was declined, an
// unassigned-too-long alert, an unanswered welfare check, an officer offline while on an assignment.
import type { DispatchState } from '../../shared/domain';
import { ownRecord } from '../../shared/ids';
import { detectSosAlarms } from './sos-alarms';

export type AlarmKind =
  | 'new_request'
  | 'assignment_expired'
  | 'assignment_declined'
  | 'unassigned'
  | 'welfare_alert'
  | 'officer_offline'
  | 'sos'
  | 'sos_lost_contact';

/** Lower first: an officer's safety before a request's delay. The banner and the repeating tone follow it. */
export const ALARM_URGENCY: Record<AlarmKind, number> = {
  // An officer calling for help is the highest level there is.
  sos: -2,
  sos_lost_contact: -1,
  welfare_alert: 0,
  officer_offline: 1,
  new_request: 2,
  assignment_expired: 3,
  assignment_declined: 3,
  unassigned: 4,
};

/** Adds the new causes (each key once) and keeps the list most urgent first, oldest first within a kind. */
export function mergeAlarms(current: readonly AlarmCause[], added: readonly AlarmCause[]): AlarmCause[] {
  const known = new Set(current.map((a) => a.key));
  const merged = [...current, ...added.filter((c) => !known.has(c.key))];
  return merged.sort((a, b) => ALARM_URGENCY[a.kind] - ALARM_URGENCY[b.kind]);
}

export interface AlarmCause {
  /** Unique per occurrence, so the banner lists each once. */
  key: string;
  kind: AlarmKind;
  requestId: string;
  officerId?: string;
  level?: number;
}

/**
 * Alarms caused by the change from `prev` to `next`. A first load (prev.seq 0) rings nothing: the
 * dispatcher sees the queue itself, and a reload should not replay old alarms.
 */
export function detectAlarms(prev: DispatchState, next: DispatchState): AlarmCause[] {
  if (prev.seq === 0 || next.seq <= prev.seq) return [];
  const causes: AlarmCause[] = [];
  for (const request of Object.values(next.requests)) {
    const before = ownRecord(prev.requests, request.id);
    if (!before) {
      // An SOS rings as itself (detectSosAlarms), not as one more new request.
      if (request.kind !== 'officer_support') {
        causes.push({ key: `new:${request.id}`, kind: 'new_request', requestId: request.id });
      }
      continue;
    }
    if (request.unassignedAlerts > before.unassignedAlerts && request.status === 'open') {
      causes.push({
        key: `unassigned:${request.id}:${request.unassignedAlerts}`,
        kind: 'unassigned',
        requestId: request.id,
        level: request.unassignedAlerts,
      });
    }
  }
  for (const assignment of Object.values(next.assignments)) {
    const before = ownRecord(prev.assignments, assignment.id);
    const cause = { requestId: assignment.requestId, officerId: assignment.officerId };
    if (assignment.status === 'expired' && before?.status !== 'expired') {
      causes.push({ key: `expired:${assignment.id}`, kind: 'assignment_expired', ...cause });
    }
    if (assignment.status === 'declined' && before?.status !== 'declined') {
      causes.push({ key: `declined:${assignment.id}`, kind: 'assignment_declined', ...cause });
    }
    const welfareAlertAt = assignment.welfareAlertAt ?? null;
    if (welfareAlertAt !== null && welfareAlertAt !== (before?.welfareAlertAt ?? null)) {
      causes.push({ key: `welfare:${assignment.id}:${welfareAlertAt}`, kind: 'welfare_alert', ...cause });
    }
    const offlineAlertAt = assignment.offlineAlertAt ?? null;
    if (offlineAlertAt !== null && offlineAlertAt !== (before?.offlineAlertAt ?? null)) {
      causes.push({ key: `offline:${assignment.id}:${offlineAlertAt}`, kind: 'officer_offline', ...cause });
    }
  }
  causes.push(...detectSosAlarms(prev, next));
  return causes;
}
