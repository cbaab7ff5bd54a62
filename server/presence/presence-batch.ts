// The `presence` broadcasts to the dispatchers, coalesced: the newest update per officer waits for the
// next flush, and a flush is one emit of all of them. A reconnect storm of 10,000 officers was 10,000
// frames to every dispatcher (12 % of the server's time in a profile); now it is a few arrays.
import type { PresenceUpdate } from '../../shared/protocol';
import type { Clock, TimerHandle } from '../clock';

/**
 * How often the waiting presence updates go out. A dispatcher sees an officer come or go within a
 * quarter second, which no one at a desk notices, and a storm costs a few frames instead of one per
 * officer. (The positions go every POSITION_BATCH_MS, 500 ms by default, and volatile; presence is not.)
 */
export const PRESENCE_BATCH_MS = 250;

/** Where a batch goes: one emit to the dispatchers' room. */
export type PresenceSink = (updates: PresenceUpdate[]) => void;

export class PresenceBatch {
  private pending = new Map<string, PresenceUpdate>();
  private readonly timer: TimerHandle;
  private stopped = false;

  constructor(
    clock: Clock,
    private readonly sink: PresenceSink,
    batchMs = PRESENCE_BATCH_MS,
  ) {
    // Sent after this turn's timers: when the volatile positions batch falls due at the same instant (every
    // second presence tick), it goes first. A presence frame first would leave each dispatcher's transport
    // busy for the rest of the turn, and Socket.IO drops a volatile packet to a busy transport.
    this.timer = clock.every(batchMs, () => setImmediate(() => this.flush()));
  }

  /** Replaces whatever waits for the same officer: offline then online within one batch sends "online" only. */
  add(update: PresenceUpdate): void {
    if (this.stopped) return;
    this.pending.set(update.officerId, update);
  }

  flush(): void {
    if (this.pending.size === 0) return;
    const updates = [...this.pending.values()];
    this.pending = new Map();
    this.sink(updates);
  }

  /** Sends what waits (the sockets are still open at shutdown) and ignores what comes after. */
  stop(): void {
    this.timer.cancel();
    this.flush();
    this.stopped = true;
  }
}
