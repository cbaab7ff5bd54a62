// The escalation ladder's timer rules, pure so they can be planned again after a seq race and tested
// with plain states: welfare checks for officers on scene, alerts for officers offline while on an
// assignment, and automatic reassignment of urgent requests whose responder let them down.
import type { Cluster } from '../../shared/cluster';
import {
  ACTIVE_ASSIGNMENT_STATUSES,
  welfarePending,
  type Assignment,
  type DispatchState,
  type Priority,
} from '../../shared/domain';
import type { EventBody } from '../../shared/events';
import type { EtaOptions } from '../../shared/geo';
import type { TravelEstimator } from '../../shared/road-route';
import { turnDownsToReplace } from '../../shared/responders';
import { suggestResponders, type PositionsByOfficer, type SuggestKnown } from '../../shared/suggest';
import { assignmentRef } from './decide';
import { assignmentIdAt } from './ids';
import { ownRecord } from '../../shared/ids';

export interface WelfareConfig {
  welfareCheckMs: number;
  welfareAlertMs: number;
}

/** "An toàn?" after `welfareCheckMs` on scene with no update; an alert when it goes unanswered. */
export function dueWelfare(state: DispatchState, now: number, config: WelfareConfig): EventBody[] {
  const due: EventBody[] = [];
  for (const a of Object.values(state.assignments)) {
    if (a.status !== 'on_scene') continue;
    if (welfarePending(a)) {
      const checkAt = a.welfareCheckAt ?? now;
      if (a.welfareAlertAt == null && now - checkAt >= config.welfareAlertMs) {
        const officerCommune = ownRecord(state.officers, a.officerId)?.commune ?? a.commune;
        due.push({ type: 'assignment:welfare_alert', data: { ...assignmentRef(a), officerCommune, checkAt } });
      }
      continue;
    }
    // The last sign of life on scene: arriving, or the latest "an toàn".
    const lastUpdate = Math.max(a.onSceneAt ?? a.assignedAt, a.welfareConfirmedAt ?? 0);
    if (now - lastUpdate >= config.welfareCheckMs) {
      due.push({ type: 'assignment:welfare_check', data: assignmentRef(a) });
    }
  }
  return due;
}

/** Since when the officer has had no device connected; null while one is. */
export type OfflineSince = (officerId: string) => number | null;

/** Once per outage: an officer holding an accepted assignment, offline for `offlineAlertMs`. */
export function dueOfflineAlerts(
  state: DispatchState,
  now: number,
  offlineAlertMs: number,
  offlineSince: OfflineSince,
): EventBody[] {
  const due: EventBody[] = [];
  for (const a of Object.values(state.assignments)) {
    if (a.status === 'pending' || !ACTIVE_ASSIGNMENT_STATUSES.includes(a.status)) continue;
    const since = offlineSince(a.officerId);
    if (since === null) continue;
    // An outage that began before the assignment became the officer's counts from then.
    const from = Math.max(since, a.acceptedAt ?? a.assignedAt);
    if (now - from < offlineAlertMs || a.offlineAlertSince === from) continue;
    due.push({
      type: 'officer:offline_alert',
      data: { ...assignmentRef(a), offlineSince: from },
    });
  }
  return due;
}

export interface ReassignContext {
  priorities: readonly Priority[];
  cluster: Pick<Cluster, 'communes'>;
  positions: PositionsByOfficer;
  eta: EtaOptions;
  assignmentDeadlineMs: number;
  /** Connected officers are preferred; undefined: everyone counts as connected. */
  isOnline?: (officerId: string) => boolean;
  /** Among them, a fix older than this (or none: the commune post) ranks after fresh fixes. */
  staleAfterMs?: number;
  /** Road travel times (imported roads); the straight-line rule without them. */
  travel?: TravelEstimator | undefined;
}

/**
 * For each request of an auto-reassign priority, each turn-down to replace (shared/responders.ts: not
 * answered by a later assignment, no more than the request is short) gets the next-nearest available
 * officer who has not turned the request down: the one the console would offer. `state` is the state
 * after this tick's expiries, so the replacement is appended with them.
 * Ids from the seq each event will get (domain/ids.ts), from `nextSeq` on.
 */
export function dueReassignments(
  state: DispatchState,
  now: number,
  nextSeq: number,
  ctx: ReassignContext,
): EventBody[] {
  const due: EventBody[] = [];
  const taken = new Set<string>();
  const known = rankingKnown(state, now, ctx);
  for (const request of Object.values(state.requests)) {
    if (!ctx.priorities.includes(request.priority)) continue;
    const toReplace = turnDownsToReplace(state, request);
    if (toReplace.length === 0) continue;
    const candidates = suggestResponders(state, ctx.positions, ctx.cluster, request.id, ctx.eta, known()).filter(
      (s) => !s.declinedBefore && !taken.has(s.officerId),
    );
    for (const turnedDown of toReplace) {
      const next = candidates.shift();
      if (!next) break;
      taken.add(next.officerId);
      due.push(
        replacement(turnedDown, next.officerId, assignmentIdAt(nextSeq + due.length), now + ctx.assignmentDeadlineMs),
      );
    }
  }
  return due;
}

/**
 * The same ranking as the console's offer: connected officers first, fresh fixes before guesses. Built
 * on first use and kept for the tick, since most ticks have nothing to rank and the online set walks
 * every officer (issue 15: per-tick cost).
 */
export function rankingKnown(
  state: DispatchState,
  now: number,
  ctx: Omit<ReassignContext, 'priorities'>,
): () => SuggestKnown {
  let known: SuggestKnown | undefined;
  return () =>
    (known ??= {
      online: ctx.isOnline ? new Set(Object.keys(state.officers).filter(ctx.isOnline)) : undefined,
      staleAfterMs: ctx.staleAfterMs,
      now: ctx.staleAfterMs === undefined ? undefined : now,
      travel: ctx.travel,
    });
}

function replacement(turnedDown: Assignment, officerId: string, assignmentId: string, deadlineAt: number): EventBody {
  return {
    type: 'assignment:created',
    data: {
      requestId: turnedDown.requestId,
      commune: turnedDown.commune,
      assignmentId,
      officerId,
      deadlineAt,
      replaces: turnedDown.id,
    },
  };
}
