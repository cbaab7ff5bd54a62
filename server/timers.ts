// Scheduling the timers (one set for all nodes), driven by the injected clock: every tick the lease
// holder plans what is due (server/domain/timer-rules.ts, pure) and appends it through the engine like a
// command, so seqs stay gap-free. Only the lease holder runs them, so with several nodes an alarm fires
// once. Between ticks it refreshes the positions the rules rank by and asks the other nodes who is
// connected.
import type { Cluster } from '../shared/cluster';
import { activeAssignmentsByOfficer, officerStatus } from '../shared/domain';
import type { OfficerPosition } from '../shared/protocol';
import { officersInDistress } from '../shared/sos';
import type { Clock, TimerHandle } from './clock';
import type { TravelEstimator } from '../shared/road-route';
import { dueTimerEvents, RECENT_FIX_MS, type TimerConfig, type TimerContext } from './domain/timer-rules';
import type { Engine } from './engine';
import type { PositionStore } from './positions';
import { log } from './log';

/** Whether this node runs the timers for all nodes now (a Redis lease with several nodes). */
export interface TimerLease {
  isHolder(): boolean;
}

export const alwaysHolder: TimerLease = { isHolder: () => true };

export const TIMER_TICK_MS = 1000;

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
  const reassigns = config.autoReassignPriorities.length > 0;
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
