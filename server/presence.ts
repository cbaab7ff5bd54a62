// Which officers are connected (on this node): online while at least one of their devices is. It also
// remembers when each officer's last device went away, so the offline alert can tell how long an
// officer has been gone (a node that never saw the officer counts from its own start).
import type { OfficerPosition, PresenceUpdate } from '../shared/protocol';

export class Presence {
  private readonly sockets = new Map<string, number>();
  private readonly since = new Map<string, number>();
  private readonly lastGone = new Map<string, number>();

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

  online(): PresenceUpdate[] {
    return [...this.since.entries()].map(([officerId, since]) => ({ officerId, online: true, since }));
  }

  /**
   * Null while a device of the officer is connected here. Otherwise the last sign of life: its last
   * device leaving this node, or its latest position fix (shared between nodes, so an officer connected
   * to another node and sending fixes does not count as gone), whichever is later.
   */
  offlineSince(officerId: string, positions: readonly OfficerPosition[] = []): number | null {
    if (this.sockets.has(officerId)) return null;
    const fix = positions.find((p) => p.officerId === officerId)?.receivedAt ?? 0;
    return Math.max(this.lastGone.get(officerId) ?? this.startedAt, fix);
  }
}
