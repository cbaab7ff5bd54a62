// Cluster-wide timers, driven by the injected clock: a pending assignment past its deadline expires,
// and a request left without a responder raises an alarm every `unassignedAlertMs` (escalating level).
// They append through the engine like commands, so seqs stay gap-free. Only the lease holder runs
// them, so with several nodes an alarm fires once.
import type { DispatchState } from '../shared/domain';
import type { EventBody } from '../shared/events';
import type { Clock, TimerHandle } from './clock';
import type { ServerConfig } from './config';
import type { Engine } from './engine';

/** Whether this node runs the cluster-wide timers now (a Redis lease with several nodes). */
export interface TimerLease {
  isHolder(): boolean;
}

export const alwaysHolder: TimerLease = { isHolder: () => true };

export const TIMER_TICK_MS = 1000;

/** The events due at `now`: expiries first, then alarms. Pure, so it can be planned again after a race. */
export function dueTimerEvents(
  state: DispatchState,
  now: number,
  config: Pick<ServerConfig, 'unassignedAlertMs'>,
): EventBody[] {
  const due: EventBody[] = [];
  for (const a of Object.values(state.assignments)) {
    if (a.status === 'pending' && a.deadlineAt <= now) {
      due.push({
        type: 'assignment:expired',
        data: { requestId: a.requestId, commune: a.commune, assignmentId: a.id, officerId: a.officerId },
      });
    }
  }
  for (const r of Object.values(state.requests)) {
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
  return due;
}

export function startTimers(
  engine: Engine,
  clock: Clock,
  config: Pick<ServerConfig, 'unassignedAlertMs'>,
  lease: TimerLease = alwaysHolder,
): TimerHandle {
  let running = false;
  let lastError = '';
  const tick = (): void => {
    if (running || !lease.isHolder()) return;
    running = true;
    engine
      .runSystem((state, now) => dueTimerEvents(state, now, config))
      .then(
        () => {
          lastError = '';
        },
        (error: unknown) => {
          // Once per distinct failure, not every second while the disk stays full.
          const message = error instanceof Error ? error.message : String(error);
          if (message !== lastError) console.error(`timers: could not append (will keep trying): ${message}`);
          lastError = message;
        },
      )
      .finally(() => {
        running = false;
      });
  };
  return clock.every(TIMER_TICK_MS, tick);
}
