// The dispatcher's queue: which requests are on it, in what order, and what marks each one carries.
// Pure functions of the mirrored state and a clock, so they are tested without a browser.
import {
  PRIORITIES,
  assignmentsOf,
  isClosed,
  type Assignment,
  type DispatchRequest,
  type DispatchState,
} from '../../shared/domain';
import { respondersOf } from '../../shared/responders';

/** Open and dispatched requests, most urgent priority first, then oldest first. */
export function queueOrder(requests: Iterable<DispatchRequest>): DispatchRequest[] {
  return [...requests].filter((r) => !isClosed(r)).sort(compareRequests);
}

export function compareRequests(a: DispatchRequest, b: DispatchRequest): number {
  const byPriority = PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority);
  if (byPriority !== 0) return byPriority;
  if (a.raisedAt !== b.raisedAt) return a.raisedAt - b.raisedAt;
  return a.number - b.number;
}

/** Closed requests, most recently closed first (the "recently closed" list under the queue). */
export function recentlyClosed(requests: Iterable<DispatchRequest>, limit = 10): DispatchRequest[] {
  return [...requests]
    .filter(isClosed)
    .sort((a, b) => (b.closedAt ?? 0) - (a.closedAt ?? 0))
    .slice(0, limit);
}

export interface QueueMarks {
  /** ms since the request was raised. */
  ageMs: number;
  /** The pending assignment that expires first, and how long it has left (≤ 0: overdue, the server will expire it). */
  pending: { assignment: Assignment; leftMs: number } | null;
  /** Assignments of this request that expired without an answer while it still has no one responding. */
  expiredCount: number;
  /** The server has raised the unassigned alarm (request.unassignedAlerts > 0) and no one is on it yet. */
  unassignedTooLong: boolean;
  /** Responders on the request (pending, accepted, moving, on scene or done). */
  responders: Assignment[];
  /** Every responder has reported XONG (released): nothing left but closing the request. */
  readyToClose: boolean;
}

export function queueMarks(state: DispatchState, request: DispatchRequest, now: number): QueueMarks {
  const assignments = assignmentsOf(state, request.id);
  const responders = respondersOf(state, request.id);
  const pendings = assignments.filter((a) => a.status === 'pending').sort((a, b) => a.deadlineAt - b.deadlineAt);
  const first = pendings[0];
  const noOneOnIt = request.status === 'open';
  return {
    ageMs: Math.max(0, now - request.raisedAt),
    pending: first ? { assignment: first, leftMs: first.deadlineAt - now } : null,
    expiredCount: noOneOnIt ? assignments.filter((a) => a.status === 'expired').length : 0,
    unassignedTooLong: noOneOnIt && request.unassignedAlerts > 0,
    responders,
    readyToClose: readyToClose(state, request),
  };
}

/** Open, with responders, and every one of them done (XONG): the dispatcher only has to close it. */
export function readyToClose(state: DispatchState, request: DispatchRequest): boolean {
  if (isClosed(request)) return false;
  const responders = respondersOf(state, request.id);
  return responders.length > 0 && responders.every((a) => a.status === 'released');
}

/** Moves a selection through the queue with the arrow keys; wraps at neither end. */
export function moveSelection(ids: readonly string[], current: string | null, step: 1 | -1): string | null {
  if (ids.length === 0) return null;
  const index = current === null ? -1 : ids.indexOf(current);
  if (index === -1) return step === 1 ? (ids[0] ?? null) : (ids[ids.length - 1] ?? null);
  const next = Math.min(ids.length - 1, Math.max(0, index + step));
  return ids[next] ?? null;
}
