// Which officers are connected (on this node): online while at least one of their devices is. It also
// remembers when each officer's last device went away, so the offline alert can tell how long an
// officer has been gone (a node that never saw the officer counts from its own start), and when another
// node last said it had one of the officer's devices (asked through the Socket.IO adapter).
import type { OfficerPosition, PresenceUpdate } from '../shared/protocol';

/** Another node's "connected there" counts this long: the timer holder asks again every tick. */
export const ELSEWHERE_FRESH_MS = 10_000;

export class Presence {
  private readonly sockets = new Map<string, number>();
  private readonly since = new Map<string, number>();
  private readonly lastGone = new Map<string, number>();
  private readonly seenElsewhere = new Map<string, number>();

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
  isConnected(officerId: string, now: number, positions: readonly OfficerPosition[], recentFixMs: number): boolean {
    if (this.sockets.has(officerId)) return true;
    const elsewhere = this.seenElsewhere.get(officerId);
    if (elsewhere !== undefined && now - elsewhere <= ELSEWHERE_FRESH_MS) return true;
    const fix = positions.find((p) => p.officerId === officerId)?.receivedAt;
    if (fix === undefined || now - fix > recentFixMs) return false;
    const gone = this.lastGone.get(officerId);
    return gone === undefined || fix > gone;
  }

  online(): PresenceUpdate[] {
    return [...this.since.entries()].map(([officerId, since]) => ({ officerId, online: true, since }));
  }

  /**
   * Null while a device of the officer is connected here. Otherwise the last sign of life: its last
   * device leaving this node, another node last reporting it connected, or its latest position fix
   * (shared between nodes), whichever is later.
   */
  offlineSince(officerId: string, positions: readonly OfficerPosition[] = []): number | null {
    if (this.sockets.has(officerId)) return null;
    const fix = positions.find((p) => p.officerId === officerId)?.receivedAt ?? 0;
    const elsewhere = this.seenElsewhere.get(officerId) ?? 0;
    return Math.max(this.lastGone.get(officerId) ?? this.startedAt, fix, elsewhere);
  }
}
