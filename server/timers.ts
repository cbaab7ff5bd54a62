// Cluster-wide timers, driven by the injected clock: a pending assignment past its deadline expires
// (and an urgent request gets the next-nearest officer in the same append), a request left without a
// responder raises an alarm every `unassignedAlertMs` (escalating level), an officer on scene too long
// without an update gets a welfare check, and an officer offline while on an assignment alerts the
// dispatchers. They append through the engine like commands, so seqs stay gap-free. Only the lease
// holder runs them, so with several nodes an alarm fires once.
import type { Cluster } from '../shared/cluster';
import { activeAssignmentsByOfficer, officerStatus, type DispatchState } from '../shared/domain';
import type { EventBody } from '../shared/events';
import { DEFAULT_ETA } from '../shared/geo';
import { dueArchives } from '../shared/live-window';
import type { OfficerPosition } from '../shared/protocol';
import { officersInDistress } from '../shared/sos';
import type { PositionsByOfficer } from '../shared/suggest';
import type { Clock, TimerHandle } from './clock';
import { applyProvisionally, systemDraft } from './command-batch';
import type { ServerConfig } from './config';
import type { TravelEstimator } from '../shared/road-route';
import { assignmentRef } from './domain/decide';
import { dueOfflineAlerts, dueReassignments, dueWelfare, type OfflineSince } from './domain/escalation';
import { dueSosLostContact, dueSosOffers } from './domain/sos-rules';
import type { Engine } from './engine';
import type { PositionStore } from './positions';
import { log } from './log';

/** Whether this node runs the cluster-wide timers now (a Redis lease with several nodes). */
export interface TimerLease {
  isHolder(): boolean;
}

export const alwaysHolder: TimerLease = { isHolder: () => true };

export const TIMER_TICK_MS = 1000;

/**
 * For the automatic reassignment, a fix this recent means the officer's phone is connected (fixes come
 * over the socket, through some node), and an older one is only a guess at where the officer is; the
 * console's map greys fixes out after the same two minutes.
 */
export const RECENT_FIX_MS = 2 * 60_000;

export type TimerConfig = Pick<ServerConfig, 'unassignedAlertMs'> &
  Partial<
    Pick<
      ServerConfig,
      | 'welfareCheckMs'
      | 'welfareAlertMs'
      | 'offlineAlertMs'
      | 'autoReassignPriorities'
      | 'assignmentDeadlineMs'
      | 'eta'
      | 'liveWindowMs'
      | 'sosLostContactMs'
    >
  >;

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
 * requests still open, welfare checks and alerts, offline alerts. Pure, so it can be planned again
 * after a race. Without a context only expiries and alarms are planned (the rest need telemetry).
 */
export function dueTimerEvents(
  state: DispatchState,
  now: number,
  config: TimerConfig,
  context?: TimerContext,
): EventBody[] {
  const expiries: EventBody[] = [];
  for (const a of Object.values(state.assignments)) {
    if (a.status === 'pending' && a.deadlineAt <= now) {
      expiries.push({ type: 'assignment:expired', data: assignmentRef(a) });
    }
  }
  const due = [...expiries];
  let after = provisional(state, expiries, now);
  if (context && config.autoReassignPriorities && config.autoReassignPriorities.length > 0) {
    const reassigned = dueReassignments(after, now, after.seq + 1, {
      priorities: config.autoReassignPriorities,
      cluster: context.cluster,
      positions: context.positions,
      eta: config.eta ?? DEFAULT_ETA,
      assignmentDeadlineMs: config.assignmentDeadlineMs ?? 60_000,
      isOnline: (officerId) =>
        context.isConnected ? context.isConnected(officerId, now) : context.offlineSince(officerId) === null,
      staleAfterMs: RECENT_FIX_MS,
      travel: context.travel,
    });
    due.push(...reassigned);
    after = provisional(after, reassigned, now);
  }
  for (const r of Object.values(after.requests)) {
    // A request with a pending assignment is not open; when that expires it reopens and its wait restarts.
    if (r.status !== 'open' || r.openSince === null) continue;
    const waited = now - r.openSince;
    const level = r.unassignedAlerts + 1;
    if (waited >= level * config.unassignedAlertMs) {
      due.push({
        type: 'request:unassigned_alert',
        data: { requestId: r.id, commune: r.commune, level, waitedMs: waited },
      });
    }
  }
  if (config.welfareCheckMs !== undefined && config.welfareAlertMs !== undefined) {
    due.push(
      ...dueWelfare(after, now, { welfareCheckMs: config.welfareCheckMs, welfareAlertMs: config.welfareAlertMs }),
    );
  }
  if (context && config.offlineAlertMs !== undefined) {
    due.push(...dueOfflineAlerts(after, now, config.offlineAlertMs, context.offlineSince));
  }
  if (config.liveWindowMs !== undefined) due.push(...dueArchives(after, now, config.liveWindowMs));
  if (context) {
    // An SOS is offered at once, whatever AUTO_REASSIGN says; ids follow the seqs (state.seq + 1 + index).
    due.push(
      ...dueSosOffers(after, now, state.seq + 1 + due.length, {
        cluster: context.cluster,
        positions: context.positions,
        eta: config.eta ?? DEFAULT_ETA,
        assignmentDeadlineMs: config.assignmentDeadlineMs ?? 60_000,
        isOnline: (officerId) =>
          context.isConnected ? context.isConnected(officerId, now) : context.offlineSince(officerId) === null,
        staleAfterMs: RECENT_FIX_MS,
        travel: context.travel,
      }),
    );
    if (config.sosLostContactMs !== undefined) {
      due.push(...dueSosLostContact(after, now, config.sosLostContactMs, context.offlineSince));
    }
  }
  return due;
}

/** The state after `bodies`, with the seqs the log will give them, so later rules see their effect. */
function provisional(state: DispatchState, bodies: EventBody[], now: number): DispatchState {
  return applyProvisionally(
    state,
    bodies.map((b) => systemDraft(b, now)),
  );
}

export interface TimerDeps {
  engine: Engine;
  clock: Clock;
  config: TimerConfig;
  lease?: TimerLease;
  cluster?: Pick<Cluster, 'communes'>;
  /** Officer positions for the reassignment's ETA. */
  positions?: PositionStore;
  /** Road travel times for the reassignment's ETA (imported roads). */
  travel?: TravelEstimator | undefined;
  /** Who is connected (server/presence); without it no offline alerts. */
  presence?: TimerPresence;
}

/** What the timers ask of presence: every question a map lookup, since they ask about every officer each tick. */
export interface TimerPresence {
  /** The latest fixes, read each tick: a recent one means the officer's phone is connected to some node. */
  noteFixes(latest: readonly OfficerPosition[]): void;
  /** Since when the officer has had no device connected; null while one is here. */
  offlineSince(officerId: string): number | null;
  /** Whether the officer looks connected on any node, for choosing a replacement (see TimerContext). */
  isConnected(officerId: string, now: number, recentFixMs: number): boolean;
  /** Whether other nodes may hold devices (several nodes share the Socket.IO adapter). */
  readonly acrossNodes: boolean;
  /**
   * Asked between ticks about officers that look offline here, those on an assignment (offline alerts)
   * and, when requests are reassigned automatically, the available ones (who to prefer): which of them
   * have a device connected to another node. Records what it learns.
   */
  checkElsewhere(officerIds: string[]): Promise<void>;
}

export function startTimers(deps: TimerDeps): TimerHandle {
  const { engine, clock, config, presence } = deps;
  const lease = deps.lease ?? alwaysHolder;
  let running = false;
  let lastError = '';
  // The latest fixes as of the previous tick: the plan runs on the engine's queue right away (so it
  // sees the head state), and a second's staleness does not matter for choosing a responder.
  let positions: readonly OfficerPosition[] = [];
  const refreshPositions = (): void => {
    deps.positions?.latest().then(
      (latest) => {
        positions = latest;
        presence?.noteFixes(latest);
      },
      (error: unknown) => log.error({ err: error }, 'timers: could not read positions'),
    );
  };
  refreshPositions();
  const reassigns = (config.autoReassignPriorities?.length ?? 0) > 0;
  // Only the lease holder decides offline alerts and replacements, but an officer may be connected to
  // another node.
  const checkElsewhere = (): void => {
    if (!presence?.acrossNodes) return;
    const state = engine.state;
    const active = activeAssignmentsByOfficer(state);
    const onAssignment = [...active.values()].filter((a) => a.status !== 'pending').map((a) => a.officerId);
    const available = reassigns
      ? Object.keys(state.officers).filter((id) => officerStatus(state, id, active) === 'available')
      : [];
    const inDistress = [...officersInDistress(state)];
    const looksOffline = [
      ...new Set([...onAssignment, ...available, ...inDistress].filter((id) => presence.offlineSince(id) !== null)),
    ];
    if (looksOffline.length === 0) return;
    presence.checkElsewhere(looksOffline).catch((error: unknown) => {
      log.error({ err: error }, 'timers: could not ask the other nodes who is connected');
    });
  };
  const tick = (): void => {
    if (running || !lease.isHolder()) return;
    running = true;
    const context: TimerContext | undefined = deps.cluster
      ? {
          cluster: deps.cluster,
          positions,
          travel: deps.travel,
          offlineSince: (officerId) => presence?.offlineSince(officerId) ?? null,
          isConnected: presence ? (officerId, now) => presence.isConnected(officerId, now, RECENT_FIX_MS) : undefined,
        }
      : undefined;
    engine
      .runSystem((state, now) => dueTimerEvents(state, now, config, context))
      .then(
        () => {
          lastError = '';
        },
        (error: unknown) => {
          // Once per distinct failure, not every second while the disk stays full.
          const message = error instanceof Error ? error.message : String(error);
          if (message !== lastError) log.error(`timers: could not append (will keep trying): ${message}`);
          lastError = message;
        },
      )
      .finally(() => {
        running = false;
        refreshPositions();
        checkElsewhere();
      });
  };
  return clock.every(TIMER_TICK_MS, tick);
}
