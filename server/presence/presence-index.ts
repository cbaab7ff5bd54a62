// Which officers are connected (on this node): online while at least one of their devices is. It also
// remembers when each officer's last device went away, so the offline alert can tell how long an
// officer has been gone (a node that never saw the officer counts from its own start), when another
// node last said it had one of the officer's devices (asked through the Socket.IO adapter), and when
// each officer's latest fix came in (fixes are shared between nodes). Every question is a map lookup:
// the timers ask about every officer each second, and a reconnect storm must not make that N².
import type { OfficerPosition, PresenceUpdate } from '../../shared/protocol';

/** Another node's "connected there" counts this long: the timer holder asks again every tick. */
export const ELSEWHERE_FRESH_MS = 10_000;

export class PresenceIndex {
  private readonly sockets = new Map<string, number>();
  private readonly since = new Map<string, number>();
  private readonly lastGone = new Map<string, number>();
  private readonly seenElsewhere = new Map<string, number>();
  /** receivedAt of each officer's latest fix, as of the last `noteFixes`. */
  private fixes: ReadonlyMap<string, number> = new Map();

  constructor(private readonly startedAt = 0) {}

  /** Returns the update to broadcast when this was the officer's first device, else null. */
  connected(officerId: string, now: number): PresenceUpdate | null {
    const count = (this.sockets.get(officerId) ?? 0) + 1;
    this.sockets.set(officerId, count);
    if (count > 1) return null;
    this.since.set(officerId, now);
    return { officerId, online: true, since: now };
  }

  /** Returns the update to broadcast when this was the officer's last device, else null. */
  disconnected(officerId: string, now: number): PresenceUpdate | null {
    const count = (this.sockets.get(officerId) ?? 1) - 1;
    if (count > 0) {
      this.sockets.set(officerId, count);
      return null;
    }
    this.sockets.delete(officerId);
    this.since.delete(officerId);
    this.lastGone.set(officerId, now);
    return { officerId, online: false, since: now };
  }

  /** Another node has a device of this officer connected now (asked through the Socket.IO adapter). */
  connectedElsewhere(officerId: string, now: number): void {
    this.seenElsewhere.set(officerId, now);
  }

  /** The latest fix of every officer (the position store's whole list): replaces what was noted before. */
  noteFixes(latest: readonly OfficerPosition[]): void {
    this.fixes = new Map(latest.map((p) => [p.officerId, p.receivedAt]));
  }

  /** Whether a device of the officer is connected to this node. */
  isLocal(officerId: string): boolean {
    return this.sockets.has(officerId);
  }

  /** When another node last reported a device of this officer; null if never. */
  lastSeenElsewhere(officerId: string): number | null {
    return this.seenElsewhere.get(officerId) ?? null;
  }

  /**
   * Connected somewhere, as far as this node can tell: a device here, another node reporting one within
   * ELSEWHERE_FRESH_MS, or a fix within `recentFixMs` that arrived after its last device left here (fixes
   * come over a socket, so its phone is connected to some node).
   */
  isConnected(officerId: string, now: number, recentFixMs: number): boolean {
    if (this.sockets.has(officerId)) return true;
    const elsewhere = this.seenElsewhere.get(officerId);
    if (elsewhere !== undefined && now - elsewhere <= ELSEWHERE_FRESH_MS) return true;
    const fix = this.fixes.get(officerId);
    if (fix === undefined || now - fix > recentFixMs) return false;
    const gone = this.lastGone.get(officerId);
    return gone === undefined || fix > gone;
  }

  online(): PresenceUpdate[] {
    return [...this.since.entries()].map(([officerId, since]) => ({ officerId, online: true, since }));
  }

  /**
   * Null while a device of the officer is connected here. Otherwise the last sign of life: its last
   * device leaving this node, another node last reporting it connected, or its latest fix, whichever
   * is later.
   */
  offlineSince(officerId: string): number | null {
    if (this.sockets.has(officerId)) return null;
    const fix = this.fixes.get(officerId) ?? 0;
    const elsewhere = this.seenElsewhere.get(officerId) ?? 0;
    return Math.max(this.lastGone.get(officerId) ?? this.startedAt, fix, elsewhere);
  }
}
