// Receipts derived from the state, pure, so the screens, the devices that send receipts and the demo
// simulator read them the same way. `requestReceipts`: the receipts of one request in the order they
// happen, for the post's card and the console's detail: sent (the device's clock), received by the
// server, first seen on a console, then per officer: reached the officer's device, and the officer's
// answer. A step not reached yet has `at: null`. `undeliveredAssignments` and `unseenRequests`: what a
// device still has to report (client/net/receipts.ts sends those).
import { isActiveAssignment, isClosed, type Assignment, type DispatchRequest, type DispatchState } from './domain';
import { ownRecord } from './ids';

export type Receipt =
  | { step: 'sent' | 'received' | 'seen'; at: number | null }
  | { step: 'delivered'; at: number | null; officerId: string; assignmentId: string }
  | {
      step: 'answered';
      at: number | null;
      officerId: string;
      assignmentId: string;
      /** accepted (or further along), declined, expired or removed; pending while no answer yet. */
      answer: 'accepted' | 'declined' | 'expired' | 'removed' | 'pending';
    };

function answerOf(a: Assignment): { answer: Extract<Receipt, { step: 'answered' }>['answer']; at: number | null } {
  // Accepted first and withdrawn or finished later still counts as accepted, at the time it was.
  if (a.acceptedAt !== null) return { answer: 'accepted', at: a.acceptedAt };
  switch (a.status) {
    case 'declined':
    case 'expired':
    case 'removed':
      return { answer: a.status, at: a.endedAt };
    default:
      return { answer: 'pending', at: null };
  }
}

export function requestReceipts(request: DispatchRequest, assignments: readonly Assignment[]): Receipt[] {
  const receipts: Receipt[] = [
    { step: 'sent', at: request.clientSentAt },
    { step: 'received', at: request.raisedAt },
    { step: 'seen', at: request.seenAt ?? null },
  ];
  for (const a of [...assignments].sort((x, y) => x.assignedAt - y.assignedAt)) {
    const ref = { officerId: a.officerId, assignmentId: a.id };
    receipts.push({ step: 'delivered', at: a.deliveredAt ?? null, ...ref });
    receipts.push({ step: 'answered', ...ref, ...answerOf(a) });
  }
  return receipts;
}

/** Assignments of `officerId` that are active and have no delivery receipt yet. */
export function undeliveredAssignments(state: DispatchState, officerId: string): string[] {
  return Object.values(state.assignments)
    .filter((a) => a.officerId === officerId && isActiveAssignment(a) && a.deliveredAt == null)
    .map((a) => a.id);
}

/** Open (not closed) requests among `ids` (all when omitted) that no console has marked seen. */
export function unseenRequests(state: DispatchState, ids?: readonly string[]): string[] {
  const requests = ids ? ids.flatMap((id) => ownRecord(state.requests, id) ?? []) : Object.values(state.requests);
  return requests.filter((r) => !isClosed(r) && r.seenAt == null).map((r) => r.id);
}
