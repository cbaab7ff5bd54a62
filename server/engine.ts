// The command pipeline: validate → dedup → authorize → decide → append (durable) → apply → publish → ack.
// Commands (and timer work) run one at a time through a promise chain, so the projection the decision
// is made on is the head of the log and seqs stay gap-free. When another node wrote first (Redis),
// the append fails with SeqConflictError; the engine catches up from the log and decides again.
import type { Cluster } from '../shared/cluster';
import { describeIssues } from '../shared/cluster';
import { COMMAND_TYPES, CommandSchema } from '../shared/commands';
import type { DispatchState, Principal } from '../shared/domain';
import type { DispatchEvent, EventBody } from '../shared/events';
import type { HistoryRecord } from '../shared/history';
import { ErrorCode, type CommandAck, type Refusal } from '../shared/protocol';
import { initialState } from '../shared/reducer';
import type { Clock } from './clock';
import type { ServerConfig } from './config';
import { actorOf, commandKey } from './domain/actor';
import { decideBatch, type Job, type Outcome } from './command-batch';
import { refuse } from './domain/refusal';
import type { HistorySink } from './history/history-store';
import { Projection } from './projection';
import { createValueChecks, type ValueChecks } from './value-checks';
import { log } from './log';
import { SeqConflictError, StorageUnavailableError, type Store } from './store/store';

const MAX_CONFLICT_RETRIES = 5;
/** Most commands decided and appended together in one write. */
const MAX_BATCH = 64;

type JobResult = { outcome: Outcome; events: DispatchEvent[] } | { error: unknown };
interface QueuedJob {
  job: Job;
  settle: (result: JobResult) => void;
}

export type EventOrigin = 'local' | 'elsewhere';
/** Called after events are applied, in seq order; `state` is the projection after them. */
export type EventListener = (events: DispatchEvent[], state: DispatchState, origin: EventOrigin) => void;

export interface EngineDeps {
  store: Store;
  clock: Clock;
  cluster: Cluster;
  config: Pick<ServerConfig, 'assignmentDeadlineMs' | 'snapshotEvery' | 'valueLimits'>;
  /** Where archived requests go (the history read model); written before anything else sees the events. */
  history?: HistorySink;
  /** Told of every command answered (metrics): its type as sent, the ack, and how long it took. */
  onCommandAnswered?: (type: string, ack: CommandAck, seconds: number) => void;
}

export class Engine {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly queue: QueuedJob[] = [];
  private draining = false;
  private readonly listeners = new Set<EventListener>();
  private sinceSnapshot = 0;
  /** The snapshot being written, if any: the next one waits for it, so an older one never lands last. */
  private snapshotWrite: Promise<void> = Promise.resolve();
  /** A snapshot waiting for the one being written; it captures the state when it starts. */
  private snapshotWaiting: Promise<void> | null = null;
  private closed = false;
  private readonly unsubscribe: () => void;
  private readonly values: ValueChecks;

  private constructor(
    private readonly deps: EngineDeps,
    private readonly projection: Projection,
  ) {
    this.values = createValueChecks(deps.cluster, deps.config.valueLimits);
    this.unsubscribe = deps.store.onAppendedElsewhere((events) => {
      void this.serialized(async () => this.applyFromElsewhere(events)).catch((error: unknown) => {
        log.error({ err: error }, 'engine: could not apply events from another node');
      });
    });
  }

  /** Loads the log (snapshot + events after it) into a fresh projection. */
  static async open(deps: EngineDeps): Promise<Engine> {
    const { snapshot, events } = await deps.store.load();
    const projection = new Projection(initialState(deps.cluster), snapshot);
    const engine = new Engine(deps, projection);
    engine.archive(projection.apply(events));
    return engine;
  }

  get state(): DispatchState {
    return this.projection.state;
  }

  onEvents(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs one command from an authenticated principal; never throws, always answers with an ack. */
  async handle(principal: Principal, raw: unknown): Promise<CommandAck> {
    const started = performance.now();
    const ack = await this.answer(principal, raw);
    const seconds = (performance.now() - started) / 1000;
    this.deps.onCommandAnswered?.(typeOf(raw), ack, seconds);
    if (ack.ok) log.debug({ commandId: commandIdOf(raw), type: typeOf(raw), seq: ack.seq, seconds }, 'command done');
    return ack;
  }

  private async answer(principal: Principal, raw: unknown): Promise<CommandAck> {
    const parsed = parseCommand(raw);
    if (!parsed.ok) return this.refused(principal, raw, parsed);
    let command = parsed.command;
    // An SOS is never refused: a fix outside the cluster's bounds is dropped, and the SOS goes to the post.
    if (command.type === 'officer:sos' && command.data.fix && this.values.location(command.data.fix)) {
      log.warn({ commandId: command.id }, 'an SOS fix outside the cluster was dropped');
      command = { ...command, data: {} };
    }
    const implausible =
      command.type === 'request:raise' && command.data.location && this.values.location(command.data.location);
    if (implausible)
      return this.refused(principal, command.type, refuse(ErrorCode.BadRequest, `data.location: ${implausible}`));
    const actor = actorOf(principal);
    const key = commandKey(actor, command.id);
    const earlier = this.projection.appliedCommand(key);
    if (earlier) return duplicateAck(earlier.seq, earlier.ref);
    if (this.closed) return refuse(ErrorCode.ShuttingDown, 'the server is shutting down; retry with the same id');
    const result = await this.enqueue({ kind: 'command', principal, command, actor, key });
    if ('error' in result) return this.storeFailure(principal, raw, result.error);
    const { outcome } = result;
    switch (outcome.kind) {
      case 'refused':
        return this.refused(principal, raw, outcome.refusal);
      case 'duplicate':
        return duplicateAck(outcome.seq, outcome.ref);
      case 'same-as': // resolved to the first one's answer by the batch; never reaches here
        return refuse(ErrorCode.Internal, 'internal error; retry with the same id');
      case 'accepted':
        return outcome.ref === undefined
          ? { ok: true, seq: outcome.to }
          : { ok: true, seq: outcome.to, ref: outcome.ref };
    }
  }

  /**
   * Appends what a timer decides as the system actor, through the same queue as commands.
   * `plan` sees the head state and the time; it is asked again after a seq race.
   */
  async runSystem(plan: (state: DispatchState, now: number) => EventBody[]): Promise<DispatchEvent[]> {
    if (this.closed) return [];
    const result = await this.enqueue({ kind: 'system', plan });
    if ('error' in result) throw result.error;
    return result.events;
  }

  private enqueue(job: Job): Promise<JobResult> {
    return new Promise((settle) => {
      this.queue.push({ job, settle });
      if (this.draining) return;
      this.draining = true;
      void this.serialized(() => this.drain());
    });
  }

  /** Decides everything queued so far as one batch and appends it with one write (group commit). */
  private async drain(): Promise<void> {
    const batch = this.queue.splice(0, MAX_BATCH);
    try {
      await this.commitBatch(batch);
    } catch (error) {
      for (const b of batch) b.settle({ error });
    } finally {
      this.draining = false;
      if (this.queue.length > 0) {
        this.draining = true;
        void this.serialized(() => this.drain());
      }
    }
  }

  private async commitBatch(batch: QueuedJob[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const base = this.projection.state;
      const { drafts, outcomes } = decideBatch(
        base,
        batch.map((b) => b.job),
        {
          now: this.deps.clock.now(),
          cluster: this.deps.cluster,
          config: this.deps.config,
          applied: (key) => this.projection.appliedCommand(key),
        },
      );
      let events: DispatchEvent[] = [];
      if (drafts.length > 0) {
        try {
          events = await this.deps.store.append(base.seq, drafts);
        } catch (error) {
          // Another node wrote first: catch up (which may bring in some of these very commands) and redo.
          if (error instanceof SeqConflictError && attempt < MAX_CONFLICT_RETRIES) {
            await this.catchUpNow();
            continue;
          }
          batch.forEach((b, i) => {
            const outcome = outcomes[i];
            const failed = outcome?.kind === 'accepted' || outcome?.kind === 'same-as';
            b.settle(failed || !outcome ? { error } : { outcome, events: [] });
          });
          return;
        }
        this.applyLocal(events);
      }
      batch.forEach((b, i) => {
        let outcome = outcomes[i];
        if (outcome?.kind === 'same-as') {
          const first = outcomes[outcome.index];
          outcome =
            first?.kind === 'accepted'
              ? { kind: 'duplicate', seq: first.to, ...(first.ref ? { ref: first.ref } : {}) }
              : first;
        }
        if (!outcome) return b.settle({ error: new Error('no outcome') });
        if (outcome.kind === 'accepted' && outcome.from === outcome.to && b.job.kind === 'command') {
          this.projection.remember(b.job.key, outcome.to);
        }
        const mine =
          outcome.kind === 'accepted' ? events.filter((e) => e.seq > outcome.from && e.seq <= outcome.to) : [];
        b.settle({ outcome, events: mine });
      });
      this.snapshotIfDue();
      return;
    }
  }

  /** Reads and applies anything in the log newer than the projection (multi-node). */
  catchUp(): Promise<void> {
    return this.serialized(() => this.catchUpNow());
  }

  /** Events after `afterSeq` (all of them, in order), from memory or the log; null when compacted away. */
  async eventsAfter(afterSeq: number, limit: number): Promise<DispatchEvent[] | null> {
    const head = this.projection.state.seq;
    if (afterSeq >= head) return [];
    const fromMemory = this.projection.recentAfter(afterSeq);
    if (fromMemory) return fromMemory.slice(0, limit);
    return this.deps.store.readAfter(afterSeq, limit);
  }

  /** Stops taking commands and waits for the one in flight. */
  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    // A drain may queue the next one (and a snapshot) while we wait: wait until the chain is quiet.
    for (;;) {
      const chain = this.chain;
      await chain.catch(() => undefined);
      if (chain === this.chain && !this.draining) break;
    }
    await this.snapshotWrite;
  }

  /** Writes a snapshot of the projection now (after whatever is queued), e.g. on shutdown. */
  snapshot(): Promise<void> {
    return this.serialized(() => this.writeSnapshot());
  }

  /** True once `close` has begun: commands are refused with shutting_down. */
  get isClosed(): boolean {
    return this.closed;
  }

  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task, task);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** The projection, then the history read model (synchronously: before a snapshot can drop a request). */
  private applyToProjection(events: readonly DispatchEvent[]): void {
    this.archive(this.projection.apply(events));
  }

  private archive(records: HistoryRecord[]): void {
    if (records.length === 0 || !this.deps.history) return;
    try {
      this.deps.history.archive(records);
    } catch (error) {
      // The events are stored and applied; only the read model missed them. Loud, but never a refused ack.
      console.error(`engine: could not write ${records.length} archived request(s) to history`, error);
    }
  }

  private applyLocal(events: DispatchEvent[]): void {
    this.applyToProjection(events);
    this.publish(events, 'local');
    this.sinceSnapshot += events.length;
  }

  /**
   * After a batch is settled (its no-op commands remembered too): when enough events have gone by, a
   * snapshot is written beside the command chain, so the next commands are appended while its file is
   * fsynced (tens of ms at province scale) instead of queueing behind it.
   */
  private snapshotIfDue(): void {
    if (this.sinceSnapshot < this.deps.config.snapshotEvery) return;
    void this.writeSnapshot().catch((error: unknown) => {
      log.error({ err: error }, 'engine: snapshot failed (the log still has everything)');
    });
  }

  private async applyFromElsewhere(events: DispatchEvent[]): Promise<void> {
    const fresh = events.filter((e) => e.seq > this.projection.state.seq);
    if (fresh.length === 0) return;
    if (fresh[0]?.seq !== this.projection.state.seq + 1) {
      await this.catchUpNow();
      return;
    }
    this.applyToProjection(fresh);
    this.publish(fresh, 'elsewhere');
  }

  private async catchUpNow(): Promise<void> {
    for (;;) {
      const events = await this.deps.store.readAfter(this.projection.state.seq, 500);
      if (events === null) throw new Error('log was compacted past this node’s projection; restart the node');
      if (events.length === 0) return;
      this.applyToProjection(events);
      this.publish(events, 'elsewhere');
    }
  }

  /**
   * Writes a snapshot of the projection as it stands when the write starts (the state is immutable, the
   * applied commands are copied), after the one being written, if any. While one waits to start, asking
   * again joins it: it will capture the newest state, so a slow disk never queues up snapshots.
   */
  private writeSnapshot(): Promise<void> {
    this.sinceSnapshot = 0;
    if (this.snapshotWaiting) return this.snapshotWaiting;
    const written = this.snapshotWrite.then(() => {
      this.snapshotWaiting = null;
      const state = this.projection.state;
      return this.deps.store.saveSnapshot({
        seq: state.seq,
        state,
        appliedCommands: this.projection.appliedCommands(),
        takenAt: this.deps.clock.now(),
      });
    });
    this.snapshotWaiting = written;
    this.snapshotWrite = written.catch(() => undefined);
    return written;
  }

  private publish(events: DispatchEvent[], origin: EventOrigin): void {
    for (const listener of this.listeners) {
      try {
        listener(events, this.projection.state, origin);
      } catch (error) {
        log.error({ err: error }, 'engine: event listener failed');
      }
    }
  }

  private refused(principal: Principal, raw: unknown, refusal: Refusal): Refusal {
    const type = typeOf(raw);
    log.warn(
      { commandId: commandIdOf(raw), type, account: principal.accountId, role: principal.role, code: refusal.code },
      `refused ${refusal.code}: ${principal.accountId} (${principal.role}) ${type}: ${refusal.message}`,
    );
    return refusal;
  }

  private storeFailure(principal: Principal, raw: unknown, error: unknown): Refusal {
    if (error instanceof StorageUnavailableError || error instanceof SeqConflictError) {
      return this.refused(
        principal,
        raw,
        refuse(ErrorCode.StorageUnavailable, 'the event log could not store this; retry later with the same id'),
      );
    }
    log.error({ err: error, commandId: commandIdOf(raw), type: typeOf(raw) }, 'engine: command failed');
    return refuse(ErrorCode.Internal, 'internal error; retry later with the same id');
  }
}

type Parsed = { ok: true; command: ReturnType<typeof CommandSchema.parse> } | Refusal;

function parseCommand(raw: unknown): Parsed {
  const type = rawType(raw);
  if (type !== undefined && !(COMMAND_TYPES as readonly string[]).includes(type)) {
    return refuse(ErrorCode.UnknownCommand, `unknown command type "${type.slice(0, 64)}"`);
  }
  const result = CommandSchema.safeParse(raw);
  if (!result.success) return refuse(ErrorCode.BadRequest, describeIssues(result.error));
  return { ok: true, command: result.data };
}

function rawType(raw: unknown): string | undefined {
  return typeof raw === 'object' && raw !== null && 'type' in raw && typeof raw.type === 'string'
    ? raw.type
    : undefined;
}

/** The client's command id, cut short, for the log line (it is still unchecked input). */
function commandIdOf(raw: unknown): string | undefined {
  return typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string'
    ? raw.id.slice(0, 64)
    : undefined;
}

function typeOf(raw: unknown): string {
  return rawType(raw)?.slice(0, 64) ?? '(no type)';
}

function duplicateAck(seq: number, ref: string | undefined): CommandAck {
  return ref === undefined ? { ok: true, seq, duplicate: true } : { ok: true, seq, ref, duplicate: true };
}
