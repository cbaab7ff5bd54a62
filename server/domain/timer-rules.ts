// What the timers append at a moment: a pending assignment past its deadline expires (and
// an urgent request gets the next-nearest officer in the same append), a request left without a
// responder raises an alarm every `unassignedAlertMs` (escalating level), the welfare, offline and SOS
// rules, and the live window's archiving. Pure, so the plan can be made again after a seq race and tested
// on plain states; server/timers.ts only decides when to run it.
import type { Cluster } from '../../shared/cluster';
import type { DispatchState, Priority } from '../../shared/domain';
import type { EventBody } from '../../shared/events';
import type { EtaOptions } from '../../shared/geo';
import { dueArchives } from '../../shared/live-window';
import type { TravelEstimator } from '../../shared/road-route';
import type { PositionsByOfficer } from '../../shared/suggest';
import { assignmentRef } from './decide';
import { applyProvisionally, systemDraft } from './drafts';
import { dueOfflineAlerts, dueReassignments, dueWelfare, type OfflineSince, type ReassignContext } from './escalation';
import { dueSosLostContact, dueSosOffers } from './sos-rules';

/**
 * For the automatic reassignment, a fix this recent means the officer's phone is connected (fixes come
 * over the socket, through some node), and an older one is only a guess at where the officer is; the
 * console's map greys fixes out after the same two minutes.
 */
export const RECENT_FIX_MS = 2 * 60_000;

/** Every interval and choice the rules use; the server's config has them all. */
export interface TimerConfig {
  assignmentDeadlineMs: number;
  unassignedAlertMs: number;
  /** An officer on scene with no update for this long gets a welfare check ("an toàn?"). */
  welfareCheckMs: number;
  /** A welfare check unanswered for this long alerts the dispatchers and the officer's commune post. */
  welfareAlertMs: number;
  /** An officer on an assignment with no device connected for this long alerts the dispatchers. */
  offlineAlertMs: number;
  /** An open SOS whose officer has had no device connected this long raises "mất liên lạc". */
  sosLostContactMs: number;
  /**
   * Requests of these priorities get the next-nearest available officer when an assignment expires or
   * is declined; empty for none.
   */
  autoReassignPriorities: readonly Priority[];
  eta: EtaOptions;
  /** Closed requests stay in the live state (and syncs) this long, then move to the history read model. */
  liveWindowMs: number;
}

/** What the timers know beyond the state: where officers are and who is connected. */
export interface TimerContext {
  cluster: Pick<Cluster, 'communes'>;
  positions: PositionsByOfficer;
  /** Since when the officer has had no device connected; null while one is. */
  offlineSince: OfflineSince;
  /**
   * Whether the officer looks connected anywhere (a device here, another node's word, a recent fix);
   * the reassignment prefers those. Without it, connected means not offline here.
   */
  isConnected?: (officerId: string, now: number) => boolean;
  /** Road travel times from the imported roads; without them the straight-line rule. */
  travel?: TravelEstimator | undefined;
}

/**
 * The events due at `now`, in order: expiries, the automatic reassignments they call for, alarms for
 * requests still open, welfare checks and alerts, offline alerts, archives, SOS offers and lost contact.
 * Without a context only the rules that need no telemetry are planned.
 */
export function dueTimerEvents(
  state: DispatchState,
  now: number,
  config: TimerConfig,
  context?: TimerContext,
): EventBody[] {
  const expiries = dueExpiries(state, now);
  const due = [...expiries];
  let after = provisional(state, expiries, now);
  if (context && config.autoReassignPriorities.length > 0) {
    const reassigned = dueReassignments(after, now, after.seq + 1, {
      ...rankingFor(context, config, now),
      priorities: config.autoReassignPriorities,
    });
    due.push(...reassigned);
    after = provisional(after, reassigned, now);
  }
  due.push(...dueUnassignedAlerts(after, now, config.unassignedAlertMs));
  due.push(...dueWelfare(after, now, config));
  if (context) due.push(...dueOfflineAlerts(after, now, config.offlineAlertMs, context.offlineSince));
  due.push(...dueArchives(after, now, config.liveWindowMs));
  if (context) {
    // An SOS is offered at once, whatever AUTO_REASSIGN says; ids follow the seqs (state.seq + 1 + index).
    due.push(...dueSosOffers(after, now, state.seq + 1 + due.length, rankingFor(context, config, now)));
    due.push(...dueSosLostContact(after, now, config.sosLostContactMs, context.offlineSince));
  }
  return due;
}

/** A pending assignment whose deadline has come expires. */
function dueExpiries(state: DispatchState, now: number): EventBody[] {
  return Object.values(state.assignments)
    .filter((a) => a.status === 'pending' && a.deadlineAt <= now)
    .map((a): EventBody => ({ type: 'assignment:expired', data: assignmentRef(a) }));
}

/** An open request alarms again at each multiple of `intervalMs` it has waited, one level higher each time. */
function dueUnassignedAlerts(state: DispatchState, now: number, intervalMs: number): EventBody[] {
  const due: EventBody[] = [];
  for (const r of Object.values(state.requests)) {
    // A request with a pending assignment is not open; when that expires it reopens and its wait restarts.
    if (r.status !== 'open' || r.openSince === null) continue;
    const waited = now - r.openSince;
    const level = r.unassignedAlerts + 1;
    if (waited >= level * intervalMs) {
      due.push({
        type: 'request:unassigned_alert',
        data: { requestId: r.id, commune: r.commune, level, waitedMs: waited },
      });
    }
  }
  return due;
}

/**
 * How the reassignment and the SOS offers rank officers: the console's ranking, with what the node knows.
 * Cheap to make: the online set is built only once a request has someone to rank (rankingKnown).
 */
function rankingFor(context: TimerContext, config: TimerConfig, now: number): Omit<ReassignContext, 'priorities'> {
  const { isConnected, offlineSince } = context;
  return {
    cluster: context.cluster,
    positions: context.positions,
    eta: config.eta,
    assignmentDeadlineMs: config.assignmentDeadlineMs,
    isOnline: (officerId) => (isConnected ? isConnected(officerId, now) : offlineSince(officerId) === null),
    staleAfterMs: RECENT_FIX_MS,
    travel: context.travel,
  };
}

/** The state after `bodies`, with the seqs the log will give them, so later rules see their effect. */
function provisional(state: DispatchState, bodies: EventBody[], now: number): DispatchState {
  return applyProvisionally(
    state,
    bodies.map((b) => systemDraft(b, now)),
  );
}
