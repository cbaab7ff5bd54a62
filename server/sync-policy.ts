// What a client that asks to catch up gets: the events it missed that it may see, or, when it is too far
// behind (or ahead) to patch, a snapshot of its view; with either, the latest positions it may see.
import type { DispatchState, Principal } from '../shared/domain';
import type { OfficerPosition, SyncAck } from '../shared/protocol';
import type { Engine } from './engine';
import { visiblePositions, type PositionStore } from './positions';
import { SyncViews } from './sync-views';

/** Beyond this many missing events a client gets a snapshot of its view instead. */
const SYNC_EVENTS_LIMIT = 1000;

/** One for the process: views are cached per state object, so servers in one process never share one. */
const processViews = new SyncViews();

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
  const views = processViews.of(state);
  const positions = await positionsFor(principal, state, deps.positions);
  if (events === null) {
    return { ok: true, mode: 'snapshot', state: views.view(principal), seq: state.seq, positions };
  }
  const visible = views.visibleEvents(principal, events);
  const seq = events.at(-1)?.seq ?? lastSeq;
  return { ok: true, mode: 'events', events: visible, seq: Math.max(seq, lastSeq), positions };
}

/**
 * The latest positions a principal may see (visiblePositions); an officer's own is read from its trail
 * rather than by filtering every officer's latest fix, which made each officer's sync O(officers).
 */
async function positionsFor(
  principal: Principal,
  state: DispatchState,
  store: PositionStore,
): Promise<OfficerPosition[]> {
  if (principal.role === 'officer') {
    const own = (await store.trail(principal.officerId ?? '')).at(-1);
    return own ? [own] : [];
  }
  return visiblePositions(await store.latest(), state, principal);
}
