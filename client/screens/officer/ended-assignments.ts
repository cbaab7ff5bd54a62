// Assignments that left the officer's phone without the officer ending them: a dispatcher withdrew the
// officer, the time to answer ran out, or the request was closed meanwhile. Each stays explained on
// screen until the officer acknowledges it, instead of the job simply vanishing.
import { ownRecord } from '../../../shared/ids';
import { isClosed, type Assignment, type DispatchState } from '../../../shared/domain';

/** Older endings are not brought up again (a phone that was off overnight). */
export const ENDED_NOTICE_WINDOW_MS = 2 * 60 * 60 * 1000;

export type EndedWhy = 'removed' | 'expired' | 'resolved' | 'cancelled';

export interface EndedNotice {
  assignment: Assignment;
  requestNumber: number | null;
  why: EndedWhy;
}

/** Why `a` ended, when it was not the officer's own answer (declined, XONG); null otherwise. */
export function endedWhy(state: DispatchState, a: Assignment): EndedWhy | null {
  const request = ownRecord(state.requests, a.requestId);
  // Ended by the request's closing (endAssignments on the server: pending → removed, others → released).
  if (request && isClosed(request) && a.endedAt !== null && a.endedAt === request.closedAt) {
    if (a.status === 'removed' || (a.status === 'released' && !releasedByOfficer(state, a))) {
      return request.status === 'cancelled' ? 'cancelled' : 'resolved';
    }
  }
  if (a.status === 'removed') return 'removed';
  if (a.status === 'expired') return 'expired';
  return null;
}

function releasedByOfficer(state: DispatchState, a: Assignment): boolean {
  const timeline = ownRecord(state.requests, a.requestId)?.timeline ?? [];
  return timeline.some(
    (e) =>
      e.assignmentId === a.id &&
      e.type === 'assignment:progressed' &&
      e.detail === 'released' &&
      e.actor.role === 'officer',
  );
}

/** The officer's unacknowledged endings, newest first. */
export function endedNotices(
  state: DispatchState,
  officerId: string,
  acknowledged: ReadonlySet<string>,
  now: number,
): EndedNotice[] {
  return Object.values(state.assignments)
    .filter(
      (a) =>
        a.officerId === officerId &&
        a.endedAt !== null &&
        now - a.endedAt < ENDED_NOTICE_WINDOW_MS &&
        !acknowledged.has(a.id),
    )
    .flatMap((a) => {
      const why = endedWhy(state, a);
      return why ? [{ assignment: a, requestNumber: ownRecord(state.requests, a.requestId)?.number ?? null, why }] : [];
    })
    .sort((x, y) => (y.assignment.endedAt ?? 0) - (x.assignment.endedAt ?? 0));
}
