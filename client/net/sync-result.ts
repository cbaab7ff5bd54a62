// The client snapshot before the first connection, and what a `sync` answer makes of the mirrored state:
// a snapshot replaces it, missing events are applied in seq order on top (ignoring any already had).
import type { DispatchState } from '../../shared/domain';
import type { DispatchEvent } from '../../shared/events';
import type { OfficerPosition, SyncResult } from '../../shared/protocol';
import { applyEvents } from '../../shared/reducer';
import type { ClientSnapshot } from './types';

export interface AppliedSync {
  state: DispatchState;
  /** The events applied, in order (none for a snapshot), for listeners that follow the timeline. */
  replayed: DispatchEvent[];
  positions: Record<string, OfficerPosition>;
}

export function applySyncResult(base: DispatchState, result: SyncResult): AppliedSync {
  let state: DispatchState;
  let replayed: DispatchEvent[] = [];
  if (result.mode === 'snapshot') {
    state = result.state;
  } else {
    replayed = result.events.filter((e) => e.seq > base.seq).sort((a, b) => a.seq - b.seq);
    state = applyEvents(base, replayed);
  }
  if (result.seq > state.seq) state = { ...state, seq: result.seq };
  return { state, replayed, positions: Object.fromEntries(result.positions.map((p) => [p.officerId, p])) };
}

export function initialSnapshot(state: DispatchState, now: number): ClientSnapshot {
  return {
    state,
    principal: null,
    connection: { kind: 'connecting', since: now, reconnecting: false },
    positions: {},
    presence: {},
    outbox: [],
    refusals: [],
    serverOffsetMs: 0,
    lastFixSentAt: null,
    pendingFix: null,
    lastSyncAt: null,
  };
}
