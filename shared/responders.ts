// Who is on a request and what it still needs, counted one way for everyone: the reducer's open ⇄
// dispatched, the console's queue marks, alarms and "offer next", the responder ranking and the server's
// automatic reassignment. So the console offers a next officer exactly when the server, for an
// AUTO_REASSIGN priority, assigns one.
//
// The rule. An assignment is *responding* while pending, accepted, en route, on scene or released (done
// still counts towards the responders wanted); it is *turned down* when declined or expired. A request
// is *short* by respondersWanted − responding until it is closed. A turn-down is *answered* by an
// assignment made after it: the one the automatic reassignment made for it (`replaces`), or else any
// later assignment of the request, which answers the earliest turn-down still unanswered. The turn-downs
// to replace now are the unanswered ones, earliest first, at most as many as the request is short: the
// console rings for them and offers the next officer for the first, the server replaces each of them.
// A dispatcher who assigned or withdrew someone after a decline has dealt with it: nothing is offered again.
import {
  RESPONDING_STATUSES,
  assignmentsOf,
  isClosed,
  type Assignment,
  type DispatchRequest,
  type DispatchState,
} from './domain';

/** On the request, or done on it: pending, accepted, en route, on scene or released. */
export function isResponding(a: Assignment): boolean {
  return RESPONDING_STATUSES.includes(a.status);
}

/** Declined, or let expire without an answer. */
export function isTurnedDown(a: Assignment): boolean {
  return a.status === 'declined' || a.status === 'expired';
}

/** The request's responding assignments, in the order they were made. */
export function respondersOf(state: DispatchState, requestId: string): Assignment[] {
  return assignmentsOf(state, requestId).filter(isResponding);
}

/** How many more responders the request wants; 0 once it has them all or is closed. */
export function respondersShort(state: DispatchState, request: DispatchRequest): number {
  if (isClosed(request)) return 0;
  return Math.max(0, request.respondersWanted - respondersOf(state, request.id).length);
}

/** The officers who declined or let expire an assignment of the request. */
export function officersWhoTurnedDown(state: DispatchState, requestId: string): Set<string> {
  return new Set(
    assignmentsOf(state, requestId)
      .filter(isTurnedDown)
      .map((a) => a.officerId),
  );
}

/** The request's turn-downs no later assignment answers, earliest first (see the rule above). */
export function unansweredTurnDowns(state: DispatchState, requestId: string): Assignment[] {
  const assignments = assignmentsOf(state, requestId);
  const replaced = new Set(assignments.flatMap((a) => (a.replaces ? [a.replaces] : [])));
  const unanswered = assignments
    .filter((a) => isTurnedDown(a) && !replaced.has(a.id))
    .sort((a, b) => turnedDownAt(a) - turnedDownAt(b));
  // In the order they were made, each assignment not made for a named turn-down answers the earliest
  // one before it still unanswered. Strictly before: commands in one group commit share one `now`, so an
  // assignment made in the same millisecond may have come before the decline (the record keeps no seq of
  // its end); counting it as an answer would leave the request short with nothing offered, while not
  // counting one made just after costs at most an offer for a slot that is really short (capped below).
  for (const a of assignments) {
    if (a.replaces) continue;
    const answered = unanswered.findIndex((t) => t.id !== a.id && turnedDownAt(t) < a.assignedAt);
    if (answered !== -1) unanswered.splice(answered, 1);
  }
  return unanswered;
}

/**
 * The turn-downs that call for a next officer now, earliest first: unanswered, and no more of them than
 * the request is short of responders. Empty for a closed request.
 */
export function turnDownsToReplace(state: DispatchState, request: DispatchRequest): Assignment[] {
  const short = respondersShort(state, request);
  return short === 0 ? [] : unansweredTurnDowns(state, request.id).slice(0, short);
}

/** When a turn-down happened: its decline or expiry, or the deadline for a record that lacks it. */
export function turnedDownAt(a: Assignment): number {
  return a.endedAt ?? a.deadlineAt;
}
