// Prometheus metrics for the operator (GET /metrics): connected sockets by role, commands by type and
// outcome, command ack latency, event-log append latency (the fsync on the journal), event-loop lag, open
// requests, and the two times that matter on the ground: raised → first responder assigned, assigned →
// accepted. One registry per server (tests start many). Labels come from fixed lists only: a hostile
// client's made-up command type is counted as "unknown", never as a new label.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { COMMAND_TYPES } from '../shared/commands';
import { ROLES, type DispatchState, type Role } from '../shared/domain';
import type { DispatchEvent, EventDraft } from '../shared/events';
import type { CommandAck } from '../shared/protocol';
import type { Store } from './store/store';
import type { LoadState } from './telemetry/load-monitor';

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
/** Seconds, for the human-scale times: from a few seconds to half an hour. */
const RESPONSE_BUCKETS = [5, 10, 20, 30, 45, 60, 90, 120, 180, 300, 600, 1200, 1800];
const KNOWN_TYPES = new Set<string>(COMMAND_TYPES);

export interface MetricsSources {
  /** Sockets connected to this node, by role. */
  socketsByRole(): Partial<Record<Role, number>>;
  state(): DispatchState;
}

export class ServerMetrics {
  readonly registry = new Registry();
  private readonly commands: Counter<'type' | 'outcome'>;
  private readonly ackLatency: Histogram<'type'>;
  private readonly appendLatency: Histogram;
  private readonly timeToAssign: Histogram;
  private readonly timeToAccept: Histogram;
  private readonly loop: IntervalHistogram;
  private readonly fixesShed: Counter;
  private load: LoadState | null = null;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    this.loop = monitorEventLoopDelay({ resolution: 20 });
    this.loop.enable();
    const loop = this.loop;
    new Gauge({
      name: 'grd_sockets_connected',
      help: 'Socket.IO connections on this node, by role',
      labelNames: ['role'],
      registers,
      collect() {
        const counts = sources.socketsByRole();
        for (const role of ROLES) this.set({ role }, counts[role] ?? 0);
      },
    });
    this.commands = new Counter({
      name: 'grd_commands_total',
      help: 'Commands answered, by type and outcome (ok, duplicate or the refusal code)',
      labelNames: ['type', 'outcome'],
      registers,
    });
    this.ackLatency = new Histogram({
      name: 'grd_command_ack_seconds',
      help: 'From a command reaching the engine to its ack (durable for accepted ones)',
      labelNames: ['type'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.appendLatency = new Histogram({
      name: 'grd_log_append_seconds',
      help: 'One append to the event log, durable (journal write + fsync, or the Redis script)',
      buckets: LATENCY_BUCKETS,
      registers,
    });
    new Gauge({
      name: 'grd_event_loop_lag_seconds',
      help: 'Event-loop delay since the last scrape',
      labelNames: ['quantile'],
      registers,
      collect() {
        // Nanoseconds in, seconds out; reset so each scrape covers its own interval.
        this.set({ quantile: '0.5' }, loop.percentile(50) / 1e9);
        this.set({ quantile: '0.99' }, loop.percentile(99) / 1e9);
        this.set({ quantile: 'max' }, loop.max / 1e9);
        loop.reset();
      },
    });
    new Gauge({
      name: 'grd_requests_open',
      help: 'Requests not yet closed, by status (open: nobody assigned, dispatched: someone on it)',
      labelNames: ['status'],
      registers,
      collect() {
        let open = 0;
        let dispatched = 0;
        for (const request of Object.values(sources.state().requests)) {
          if (request.status === 'open') open++;
          else if (request.status === 'dispatched') dispatched++;
        }
        this.set({ status: 'open' }, open);
        this.set({ status: 'dispatched' }, dispatched);
      },
    });
    new Gauge({
      name: 'grd_log_seq',
      help: 'Seq of the last event this node applied',
      registers,
      collect() {
        this.set(sources.state().seq);
      },
    });
    this.fixesShed = new Counter({
      name: 'grd_position_fixes_shed_total',
      help: 'Position fixes refused because the event loop lagged beyond OVERLOAD_LAG_MS (commands go first)',
      registers,
    });
    const load = () => this.load;
    new Gauge({
      name: 'grd_overloaded',
      help: '1 while this node sheds position fixes (event-loop lag beyond OVERLOAD_LAG_MS), else 0',
      registers,
      collect() {
        this.set(load()?.overloaded ? 1 : 0);
      },
    });
    new Gauge({
      name: 'grd_event_loop_lag_recent_seconds',
      help: 'The largest event-loop delay in the last load sample (what overload shedding goes by)',
      registers,
      collect() {
        this.set((load()?.lagMs ?? 0) / 1000);
      },
    });
    this.timeToAssign = new Histogram({
      name: 'grd_time_to_assign_seconds',
      help: 'From a request being raised to its first responder being assigned',
      buckets: RESPONSE_BUCKETS,
      registers,
    });
    this.timeToAccept = new Histogram({
      name: 'grd_time_to_accept_seconds',
      help: 'From an assignment to the officer accepting it',
      buckets: RESPONSE_BUCKETS,
      registers,
    });
  }

  commandAnswered(rawType: string, ack: CommandAck, seconds: number): void {
    const type = KNOWN_TYPES.has(rawType) ? rawType : 'unknown';
    const outcome = ack.ok ? (ack.duplicate ? 'duplicate' : 'ok') : ack.code;
    this.commands.inc({ type, outcome });
    this.ackLatency.observe({ type }, seconds);
  }

  /** The load monitor the overload gauges read. */
  watchLoad(load: LoadState): void {
    this.load = load;
  }

  fixShed(): void {
    this.fixesShed.inc();
  }

  /** Events this node appended, with the state after them: the response times. */
  eventsApplied(events: DispatchEvent[], state: DispatchState): void {
    for (const event of events) {
      if (event.type === 'assignment:created') {
        const request = state.requests[event.data.requestId];
        if (request && request.assignmentIds[0] === event.data.assignmentId) {
          this.timeToAssign.observe(Math.max(0, event.at - request.raisedAt) / 1000);
        }
      } else if (event.type === 'assignment:accepted') {
        const assignment = state.assignments[event.data.assignmentId];
        if (assignment) this.timeToAccept.observe(Math.max(0, event.at - assignment.assignedAt) / 1000);
      }
    }
  }

  /** The store with each append timed. */
  timed(store: Store): Store {
    const histogram = this.appendLatency;
    return {
      kind: store.kind,
      load: () => store.load(),
      async append(expectedSeq: number, drafts: readonly EventDraft[]): Promise<DispatchEvent[]> {
        const stop = histogram.startTimer();
        try {
          return await store.append(expectedSeq, drafts);
        } finally {
          stop();
        }
      },
      readAfter: (afterSeq, limit) => store.readAfter(afterSeq, limit),
      saveSnapshot: (snapshot) => store.saveSnapshot(snapshot),
      onAppendedElsewhere: (listener) => store.onAppendedElsewhere(listener),
      health: () => store.health(),
      close: () => store.close(),
    };
  }

  close(): void {
    this.loop.disable();
  }
}
