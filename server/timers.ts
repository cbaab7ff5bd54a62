// Scheduling the cluster-wide timers, driven by the injected clock: every tick the lease holder plans
// what is due (server/domain/timer-rules.ts, pure) and appends it through the engine like a command, so
// seqs stay gap-free. Only the lease holder runs them, so with several nodes an alarm fires once. Between
// ticks it refreshes the positions the rules rank by and asks the other nodes who is connected.
import type { Cluster } from '../shared/cluster';
import { activeAssignmentsByOfficer, officerStatus } from '../shared/domain';
import type { OfficerPosition } from '../shared/protocol';
import { officersInDistress } from '../shared/sos';
import type { Clock, TimerHandle } from './clock';
import type { TravelEstimator } from '../shared/road-route';
import { dueTimerEvents, type TimerConfig, type TimerContext } from './domain/timer-rules';
import type { Engine } from './engine';
import type { PositionStore } from './positions';
import { log } from './log';

/** Whether this node runs the cluster-wide timers now (a Redis lease with several nodes). */
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
  /** Who is connected; without it no offline alerts. */
  offlineSince?: (officerId: string, positions: readonly OfficerPosition[]) => number | null;
  /** Whether the officer looks connected on any node, for choosing a replacement (see TimerContext). */
  isConnected?: (officerId: string, positions: readonly OfficerPosition[], now: number) => boolean;
  /**
   * Asked between ticks about officers that look offline here, those on an assignment (offline alerts)
   * and, when requests are reassigned automatically, the available ones (who to prefer): which of them
   * have a device connected to another node (several nodes share the Socket.IO adapter). Records what it
   * learns.
   */
  checkElsewhere?: (officerIds: string[]) => Promise<void>;
}

export function startTimers(deps: TimerDeps): TimerHandle {
  const { engine, clock, config } = deps;
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
      },
      (error: unknown) => log.error({ err: error }, 'timers: could not read positions'),
    );
  };
  refreshPositions();
  const reassigns = config.autoReassignPriorities.length > 0;
  // Only the lease holder decides offline alerts and replacements, but an officer may be connected to
  // another node.
  const checkElsewhere = (): void => {
    if (!deps.checkElsewhere || !deps.offlineSince) return;
    const state = engine.state;
    const active = activeAssignmentsByOfficer(state);
    const onAssignment = [...active.values()].filter((a) => a.status !== 'pending').map((a) => a.officerId);
    const available = reassigns
      ? Object.keys(state.officers).filter((id) => officerStatus(state, id, active) === 'available')
      : [];
    const inDistress = [...officersInDistress(state)];
    const looksOffline = [
      ...new Set(
        [...onAssignment, ...available, ...inDistress].filter((id) => deps.offlineSince?.(id, positions) !== null),
      ),
    ];
    if (looksOffline.length === 0) return;
    deps.checkElsewhere(looksOffline).catch((error: unknown) => {
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
          offlineSince: (officerId) => deps.offlineSince?.(officerId, positions) ?? null,
          isConnected: deps.isConnected
            ? (officerId, now) => deps.isConnected?.(officerId, positions, now) ?? false
            : undefined,
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
