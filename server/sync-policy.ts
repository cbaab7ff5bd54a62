// What a client that asks to catch up gets: the events it missed that it may see, or, when it is too far
// behind (or ahead) to patch, a snapshot of its view; with either, the latest positions it may see.
import type { Principal } from '../shared/domain';
import type { SyncAck } from '../shared/protocol';
import { canSee, viewFor } from './domain/audience';
import type { Engine } from './engine';
import { visiblePositions, type PositionStore } from './positions';

/** Beyond this many missing events a client gets a snapshot of its view instead. */
export const SYNC_EVENTS_LIMIT = 1000;

export async function syncFor(
  principal: Principal,
  lastSeq: number,
  wantSnapshot: boolean,
  deps: { engine: Engine; positions: PositionStore },
): Promise<SyncAck> {
  const { engine } = deps;
  const head = engine.state.seq;
  // A client ahead of the log (e.g. the data dir was reset) cannot be patched: give it the whole view.
  const tooFar = wantSnapshot || lastSeq > head || head - lastSeq > SYNC_EVENTS_LIMIT;
  const events = tooFar ? null : await engine.eventsAfter(lastSeq, SYNC_EVENTS_LIMIT);
  const state = engine.state;
  const positions = visiblePositions(await deps.positions.latest(), state, principal);
  if (events === null) {
    return { ok: true, mode: 'snapshot', state: viewFor(principal, state), seq: state.seq, positions };
  }
  const visible = events.filter((e) => canSee(principal, e, state));
  const seq = events.at(-1)?.seq ?? lastSeq;
  return { ok: true, mode: 'events', events: visible, seq: Math.max(seq, lastSeq), positions };
}
