// What should ring the dispatcher's alarm, found by comparing the mirrored state before and after a
// batch of events: a new request, an assignment that expired unanswered, an unassigned-too-long alert.
import type { DispatchState } from '../../shared/domain';

export type AlarmKind = 'new_request' | 'assignment_expired' | 'unassigned';

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
    const before = prev.requests[request.id];
    if (!before) {
      causes.push({ key: `new:${request.id}`, kind: 'new_request', requestId: request.id });
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
    if (assignment.status === 'expired' && prev.assignments[assignment.id]?.status !== 'expired') {
      causes.push({
        key: `expired:${assignment.id}`,
        kind: 'assignment_expired',
        requestId: assignment.requestId,
        officerId: assignment.officerId,
      });
    }
  }
  return causes;
}
