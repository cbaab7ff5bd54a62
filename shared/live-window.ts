// The live window: which closed requests leave the live state, and the request counter that numbers
// new ones. Pure, so the timer that archives and a replay of the log agree on the same state.
import { isClosed, type DispatchState } from './domain';
import type { EventBody } from './events';
import { ownRecord } from './ids';

/** Closed requests stay live this long by default (then only in history). */
export const DEFAULT_LIVE_WINDOW_MS = 24 * 3600_000;
/** Archive events appended per timer tick, so a backlog (an old log's first start) never stalls a command. */
export const ARCHIVE_BATCH = 200;

/** The number the next raised request gets: one more than the counter in the log. */
export function nextRequestNumber(state: DispatchState): number {
  return (state.requestCounter ?? highestNumber(state)) + 1;
}

/** A state from before the counter was in the log gets it from its records, once, on load. */
export function withRequestCounter(state: DispatchState): DispatchState {
  return state.requestCounter === undefined ? { ...state, requestCounter: highestNumber(state) } : state;
}

function highestNumber(state: DispatchState): number {
  let highest = 0;
  for (const r of Object.values(state.requests)) highest = Math.max(highest, r.number);
  return highest;
}

/** `request:archived` for requests closed at least `windowMs` before `now`, oldest first, at most `limit`. */
export function dueArchives(state: DispatchState, now: number, windowMs: number, limit = ARCHIVE_BATCH): EventBody[] {
  const due = Object.values(state.requests)
    .filter((r) => isClosed(r) && r.closedAt !== null && r.closedAt <= now - windowMs)
    .sort((a, b) => (a.closedAt ?? 0) - (b.closedAt ?? 0))
    .slice(0, limit);
  return due.map((r) => ({
    type: 'request:archived',
    data: {
      requestId: r.id,
      commune: r.commune,
      // Whoever holds it on a phone: its officers, and the officer whose SOS it was.
      officerIds: [
        ...new Set([
          ...r.assignmentIds.flatMap((id) => ownRecord(state.assignments, id)?.officerId ?? []),
          ...(r.sos ? [r.sos.officerId] : []),
        ]),
      ],
    },
  }));
}
