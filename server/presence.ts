// Which officers are connected (on this node): online while at least one of their devices is.
import type { PresenceUpdate } from '../shared/protocol';

export class Presence {
  private readonly sockets = new Map<string, number>();
  private readonly since = new Map<string, number>();

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
    return { officerId, online: false, since: now };
  }

  online(): PresenceUpdate[] {
    return [...this.since.entries()].map(([officerId, since]) => ({ officerId, online: true, since }));
  }
}
