// The console's alarms as a function of the mirrored state: each rule below names the causes that stand
// now (a request nobody took yet, an expiry nobody has answered, an unanswered welfare check, …), so an
// alarm clears the moment its cause ends (assigned, resolved, cancelled, confirmed safe, back online)
// without anyone acknowledging it. What rings is a cause that was not standing before. Acknowledging
// hides a cause that still stands; it does not change the cause.
//
// A new kind of alarm (an officer's SOS, say) is one more rule and one more urgency level.
import {
  isActiveAssignment,
  isClosed,
  welfarePending,
  type DispatchRequest,
  type DispatchState,
} from '../../shared/domain';
import { turnDownsToReplace, turnedDownAt } from '../../shared/responders';
import { sosAlarms } from './sos-alarms';

export type AlarmKind =
  | 'new_request'
  | 'request_cancelled'
  | 'assignment_expired'
  | 'assignment_declined'
  | 'unassigned'
  | 'welfare_alert'
  | 'officer_offline'
  | 'sos'
  | 'sos_lost_contact';

/**
 * Lower first: an officer's safety before a request's delay. The banner, the repeating tone and the
 * order of the list follow it; within a level the newest cause comes first.
 */
export const ALARM_URGENCY: Record<AlarmKind, number> = {
  // An officer calling for help is the highest level there is.
  sos: 0,
  sos_lost_contact: 5,
  welfare_alert: 10,
  officer_offline: 20,
  new_request: 30,
  unassigned: 30,
  assignment_expired: 40,
  assignment_declined: 40,
  request_cancelled: 50,
};

/** A post's cancel is news, not a task: it stands this long unless acknowledged. */
export const CANCEL_ALARM_MS = 10 * 60_000;

export interface AlarmCause {
  /** One per occurrence: a new occurrence (a higher unassigned level, a second welfare alert) rings again. */
  key: string;
  kind: AlarmKind;
  requestId: string;
  officerId?: string;
  level?: number;
  /** When the cause arose (server time): newest first within an urgency level. */
  at: number;
}

/** What the console knows beyond the state: the clock, and who is connected (when presence is known). */
export interface AlarmContext {
  now: number;
  online?: ReadonlySet<string>;
}

export type AlarmRule = (state: DispatchState, context: AlarmContext) => AlarmCause[];

/** Nobody has been assigned yet (not even once): new until someone is. */
const newRequests: AlarmRule = (state) =>
  openRequests(state).flatMap((r) =>
    // An SOS rings as itself (sosAlarms), not as one more new request.
    r.assignmentIds.length === 0 && r.unassignedAlerts === 0 && r.kind !== 'officer_support'
      ? [{ key: `new:${r.id}`, kind: 'new_request' as const, requestId: r.id, at: r.raisedAt }]
      : [],
  );

/** The server's unassigned-too-long alarm, at its current level, while still nobody is on it. */
const unassigned: AlarmRule = (state) =>
  openRequests(state).flatMap((r) =>
    r.status === 'open' && r.unassignedAlerts > 0
      ? [
          {
            key: `unassigned:${r.id}:${r.unassignedAlerts}`,
            kind: 'unassigned' as const,
            requestId: r.id,
            level: r.unassignedAlerts,
            at: lastEntryAt(r, 'request:unassigned_alert') ?? r.raisedAt,
          },
        ]
      : [],
  );

/**
 * An expiry or a decline stands while it is one to replace (shared/responders.ts): the request is short
 * and nobody was assigned after it. The offer of the next officer is for the same ones.
 */
const turnedDown: AlarmRule = (state) =>
  openRequests(state).flatMap((r) =>
    turnDownsToReplace(state, r).map((a) => ({
      key: `${a.status}:${a.id}`,
      kind: a.status === 'expired' ? ('assignment_expired' as const) : ('assignment_declined' as const),
      requestId: r.id,
      officerId: a.officerId,
      at: turnedDownAt(a),
    })),
  );

/** An unanswered welfare check, until answered (or the officer is off the job). */
const welfare: AlarmRule = (state) =>
  Object.values(state.assignments).flatMap((a) => {
    const alertAt = a.welfareAlertAt ?? null;
    if (alertAt === null || !isActiveAssignment(a) || !welfarePending(a)) return [];
    return [
      {
        key: `welfare:${a.id}:${alertAt}`,
        kind: 'welfare_alert' as const,
        requestId: a.requestId,
        officerId: a.officerId,
        at: alertAt,
      },
    ];
  });

/** An officer offline on a job, until the officer is connected again (or off the job). */
const offline: AlarmRule = (state, { online }) =>
  Object.values(state.assignments).flatMap((a) => {
    const alertAt = a.offlineAlertAt ?? null;
    if (alertAt === null || !isActiveAssignment(a) || online?.has(a.officerId)) return [];
    return [
      {
        key: `offline:${a.id}:${alertAt}`,
        kind: 'officer_offline' as const,
        requestId: a.requestId,
        officerId: a.officerId,
        at: alertAt,
      },
    ];
  });

/** A commune post called its request off: the desk hears of it (a dispatcher's own cancel does not ring). */
const cancelledByPost: AlarmRule = (state, { now }) =>
  Object.values(state.requests).flatMap((r) => {
    if (r.status !== 'cancelled' || r.closedAt === null || now - r.closedAt > CANCEL_ALARM_MS) return [];
    const cancel = r.timeline.findLast((e) => e.type === 'request:cancelled');
    if (cancel?.actor.role !== 'post') return [];
    return [{ key: `cancelled:${r.id}`, kind: 'request_cancelled' as const, requestId: r.id, at: r.closedAt }];
  });

export const ALARM_RULES: readonly AlarmRule[] = [
  newRequests,
  unassigned,
  turnedDown,
  welfare,
  offline,
  cancelledByPost,
  sosAlarms,
];

/** Every cause that stands now, most urgent first, newest first within a level. */
export function standingAlarms(
  state: DispatchState,
  context: AlarmContext,
  rules: readonly AlarmRule[] = ALARM_RULES,
): AlarmCause[] {
  return sortAlarms(rules.flatMap((rule) => rule(state, context)));
}

export function sortAlarms(alarms: readonly AlarmCause[]): AlarmCause[] {
  return [...alarms].sort(
    (a, b) => ALARM_URGENCY[a.kind] - ALARM_URGENCY[b.kind] || b.at - a.at || a.key.localeCompare(b.key),
  );
}

/** Causes in `standing` whose key has not rung yet: what to ring now. */
export function alarmsToRing(standing: readonly AlarmCause[], rung: ReadonlySet<string>): AlarmCause[] {
  return standing.filter((a) => !rung.has(a.key));
}

function openRequests(state: DispatchState): DispatchRequest[] {
  return Object.values(state.requests).filter((r) => !isClosed(r));
}

function lastEntryAt(r: DispatchRequest, type: string): number | undefined {
  return r.timeline.findLast((e) => e.type === type)?.at;
}
