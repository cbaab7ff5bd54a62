// The server's in-memory projection of the log: the state (folded with the shared reducer), the
// command ids already applied (for dedup, rebuilt from the events' commandId on load), and a window
// of recent events so most resyncs are answered from memory.
import type { DispatchState } from '../shared/domain';
import type { DispatchEvent } from '../shared/events';
import { recordOf, type HistoryRecord } from '../shared/history';
import { withRequestCounter } from '../shared/live-window';
import { applyEvents } from '../shared/reducer';
import { commandKey } from './domain/actor';
import type { AppliedCommand, Snapshot } from './store/store';

/** How many applied command ids are remembered (oldest forgotten first). */
export const APPLIED_COMMANDS_LIMIT = 50_000;
/** How many recent events are kept in memory for resync. */
export const RECENT_EVENTS_LIMIT = 1000;

export class Projection {
  private current: DispatchState;
  /**
   * Keyed by `commandKey(actor, commandId)`; AppliedCommand.commandId holds that same key so the
   * account scope survives a snapshot.
   */
  private readonly applied = new Map<string, AppliedCommand>();
  private recent: DispatchEvent[] = [];

  constructor(initial: DispatchState, snapshot: Snapshot | null) {
    this.current = withRequestCounter(snapshot ? { ...snapshot.state, seq: snapshot.seq } : initial);
    for (const c of snapshot?.appliedCommands ?? []) this.applied.set(c.commandId, c);
  }

  get state(): DispatchState {
    return this.current;
  }

  /** Applies events in order; returns the requests they archived, as they stood just before. */
  apply(events: readonly DispatchEvent[]): HistoryRecord[] {
    if (events.length === 0) return [];
    const archived = this.applyCapturingArchived(events);
    for (const e of events) {
      if (e.commandId === null) continue;
      const key = commandKey(e.actor, e.commandId);
      const ref = refOf(e) ?? this.applied.get(key)?.ref;
      this.applied.delete(key); // re-insert so the map stays in seq order for trimming
      this.applied.set(key, ref === undefined ? { commandId: key, seq: e.seq } : { commandId: key, seq: e.seq, ref });
    }
    while (this.applied.size > APPLIED_COMMANDS_LIMIT) {
      const oldest = this.applied.keys().next().value;
      if (oldest === undefined) break;
      this.applied.delete(oldest);
    }
    // Never spread a batch into a call: a long replay would overflow the stack.
    for (const e of events) this.recent.push(e);
    if (this.recent.length > RECENT_EVENTS_LIMIT * 2) this.recent = this.recent.slice(-RECENT_EVENTS_LIMIT);
    return archived;
  }

  /**
   * Each run of `request:archived` events is applied after capturing its records from the state the
   * events before it made, so a note added in the same batch is in the history too. Archive events
   * come in runs (one timer job), so a batch is applied in a few pieces, not one per event.
   */
  private applyCapturingArchived(events: readonly DispatchEvent[]): HistoryRecord[] {
    const archived: HistoryRecord[] = [];
    let start = 0;
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      if (event?.type !== 'request:archived') continue;
      if (i > start && events[i - 1]?.type !== 'request:archived') {
        this.current = applyEvents(this.current, events.slice(start, i));
        start = i;
      }
      const record = recordOf(this.current, event.data.requestId);
      if (record && record.request.closedAt !== null) archived.push({ ...record, archivedSeq: event.seq });
    }
    this.current = applyEvents(this.current, events.slice(start));
    return archived;
  }

  /** Records a command that appended nothing (e.g. setting a duty already set), so a retry answers the same. */
  remember(key: string, seq: number): void {
    this.applied.set(key, { commandId: key, seq });
  }

  appliedCommand(key: string): AppliedCommand | undefined {
    return this.applied.get(key);
  }

  appliedCommands(): AppliedCommand[] {
    return [...this.applied.values()];
  }

  /** Events after `afterSeq` from memory, or null when the window does not reach back that far. */
  recentAfter(afterSeq: number): DispatchEvent[] | null {
    if (afterSeq >= this.current.seq) return [];
    const first = this.recent[0];
    if (!first || first.seq > afterSeq + 1) return null;
    return this.recent.slice(afterSeq + 1 - first.seq);
  }
}

function refOf(event: DispatchEvent): string | undefined {
  if (event.type === 'request:raised') return event.data.requestId;
  if (event.type === 'assignment:created') return event.data.assignmentId;
  return undefined;
}
