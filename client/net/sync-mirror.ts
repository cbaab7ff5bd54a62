// The sync mirror: the server's state as this view sees it, kept exact over one connection after another.
// Every (re)connect syncs from the last seq (correctness never rests on Socket.IO's own recovery); live
// events are applied in seq order, held back while a sync runs, and a hole starts a resync: for a
// dispatcher a jump in seq (it sees every event), for a filtered view (post, officer) an event about a
// request it does not hold (an officer just assigned), answered with the whole view. Knows nothing of the
// outbox or of how the socket connects.
import type { DispatchState, Role } from '../../shared/domain';
import type { DispatchEvent } from '../../shared/events';
import { ownRecord } from '../../shared/ids';
import { ErrorCode, type OfficerPosition, type SyncAck, type SyncRequest } from '../../shared/protocol';
import { reduce } from '../../shared/reducer';
import { applySyncResult } from './sync-result';

/** What the mirror needs from the client that holds it. */
export interface MirrorHost {
  /** One `sync` round trip; rejects when no answer comes in time. */
  sync(request: SyncRequest): Promise<SyncAck>;
  state(): DispatchState;
  /** The role decides how a hole shows; undefined until the login answer or `welcome` says. */
  role(): Role | undefined;
  /** A sync answer made this the state (and these the positions). */
  synced(state: DispatchState, positions: Record<string, OfficerPosition>): void;
  /** A live event made this the state. */
  applied(state: DispatchState): void;
  /** For listeners that follow the timeline: called after the state that includes `event` is in place. */
  emit(event: DispatchEvent, live: boolean): void;
  /** The view is caught up: the last sync is applied and none is pending. */
  caughtUp(): void;
  /** Wait before asking again after a failed sync, ms. */
  retryMs: number;
}

/**
 * Where the mirror is with the current connection. `epoch` counts connections, so an answer that comes
 * back after the link changed is dropped; `again` is a resync asked for while one was running.
 */
type Phase =
  | { kind: 'detached' }
  | { kind: 'following'; epoch: number }
  | { kind: 'syncing'; epoch: number; again: boolean; held: DispatchEvent[] };

export class SyncMirror {
  private phase: Phase = { kind: 'detached' };
  private epoch = 0;
  /** The next sync asks for a snapshot of the whole view rather than the events since our seq. */
  private fromScratch = false;
  /** The wait after a failed sync; belongs to one connection, so detach() clears it. */
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Requests an event referred to that this filtered view lacked since the last sync; each asks for one full resync. */
  private readonly missingAsked = new Set<string>();

  constructor(private readonly host: MirrorHost) {}

  /** A connection is up: catch up on it. */
  attach(): void {
    this.epoch += 1;
    this.phase = { kind: 'following', epoch: this.epoch };
    void this.sync(this.epoch);
  }

  /** The connection is gone: anything held or still to be answered belonged to it. */
  detach(): void {
    this.epoch += 1;
    this.phase = { kind: 'detached' };
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  /** Fetches what this view missed; `fromScratch` asks for a snapshot of the whole view. */
  resync(fromScratch = false): void {
    if (fromScratch) this.fromScratch = true;
    if (this.phase.kind !== 'detached') void this.sync(this.phase.epoch);
  }

  /** A live event from the server. */
  receive(event: DispatchEvent): void {
    if (this.phase.kind === 'syncing') {
      this.phase.held.push(event); // applied after the sync, in order
      return;
    }
    const state = this.host.state();
    if (event.seq <= state.seq) return; // already have it (a sync raced the broadcast)
    if (this.host.role() === 'dispatcher' && event.seq !== state.seq + 1) {
      // Dispatchers see every event, so a jump means something was lost on the way.
      void this.sync(this.epoch, [event]);
      return;
    }
    const next = reduce(state, event);
    this.host.applied(next);
    this.host.emit(event, true);
    // A filtered view can get an event about a request it has never seen (an officer just assigned).
    // Not an archive: the reducer drops the request it names, so its absence is the event's effect.
    const { requestId } = event.data as { requestId?: string };
    const lacks = requestId && event.type !== 'request:archived' && !ownRecord(next.requests, requestId);
    if (this.host.role() !== 'dispatcher' && lacks) {
      if (!this.missingAsked.has(requestId)) {
        this.missingAsked.add(requestId);
        this.resync(true);
      }
    }
  }

  /** Read through a method: receiving the held events may have started another sync. */
  private isSyncing(): boolean {
    return this.phase.kind === 'syncing';
  }

  private async sync(epoch: number, held: DispatchEvent[] = []): Promise<void> {
    // First: a call for a connection that is gone must not touch the current one's sync.
    if (this.phase.kind === 'detached' || epoch !== this.epoch) return;
    if (this.phase.kind === 'syncing') {
      this.phase.again = true;
      this.phase.held.push(...held);
      return;
    }
    const phase: Phase = { kind: 'syncing', epoch, again: false, held };
    this.phase = phase;
    const fromScratch = this.fromScratch;
    const base = this.host.state();
    let result: SyncAck;
    try {
      result = await this.host.sync(fromScratch ? { lastSeq: base.seq, snapshot: true } : { lastSeq: base.seq });
    } catch {
      result = { ok: false, code: ErrorCode.Internal, message: 'sync timed out' };
    }
    if (this.phase !== phase) return; // the connection changed meanwhile
    if (!result.ok) {
      // Still syncing through the wait: a live event applied now would move seq past the ones this sync
      // was to fetch, so it is held too, and the retry asks from the same seq and applies all of them.
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        if (this.phase !== phase) return;
        this.phase = { kind: 'following', epoch };
        void this.sync(epoch, phase.held);
      }, this.host.retryMs);
      return;
    }
    if (fromScratch) this.fromScratch = false;
    // What the view lacked is answered (or the server does not have it for us): ask afresh next time, and
    // the set stays as small as the requests missing since the last sync.
    this.missingAsked.clear();
    const { state, replayed, positions } = applySyncResult(base, result);
    this.host.synced(state, positions);
    for (const e of replayed) this.host.emit(e, false);
    this.phase = { kind: 'following', epoch };
    for (const e of phase.held) this.receive(e);
    if (phase.again) {
      void this.sync(epoch);
      return;
    }
    if (this.isSyncing()) return; // a gap in the held events started another sync
    this.host.caughtUp();
  }
}
