// Officer positions are telemetry, not events: the latest fix per officer and a short trail are kept
// (in memory here; a Redis hash with several nodes), and fixes are fanned out in batches so a
// dispatcher gets a few messages a second, never one per fix.
import type { DispatchState } from '../shared/domain';
import type { OfficerPosition } from '../shared/protocol';
import type { Clock, TimerHandle } from './clock';
import { communeRoom, DISPATCHERS_ROOM, officersVisibleByCommune, officersVisibleToCommune } from './domain/audience';

export const TRAIL_LENGTH = 20;

export interface PositionStore {
  record(position: OfficerPosition): Promise<void>;
  /** Several officers' fixes in one write (the fix intake's flush); the same as `record` on each, in order. */
  recordMany(positions: readonly OfficerPosition[]): Promise<void>;
  /** The latest fix of every officer that has reported one. */
  latest(): Promise<OfficerPosition[]>;
  /** The officer's recent fixes, oldest first, at most TRAIL_LENGTH. */
  trail(officerId: string): Promise<OfficerPosition[]>;
}

export class MemoryPositionStore implements PositionStore {
  private readonly trails = new Map<string, OfficerPosition[]>();

  async record(position: OfficerPosition): Promise<void> {
    const trail = this.trails.get(position.officerId) ?? [];
    trail.push(position);
    if (trail.length > TRAIL_LENGTH) trail.splice(0, trail.length - TRAIL_LENGTH);
    this.trails.set(position.officerId, trail);
  }

  async recordMany(positions: readonly OfficerPosition[]): Promise<void> {
    for (const position of positions) await this.record(position);
  }

  async latest(): Promise<OfficerPosition[]> {
    return [...this.trails.values()].flatMap((t) => t.at(-1) ?? []);
  }

  async trail(officerId: string): Promise<OfficerPosition[]> {
    return [...(this.trails.get(officerId) ?? [])];
  }
}

/** Where a batch goes: the socket layer emits it (volatile) to the room. */
export type PositionSink = (room: string, positions: OfficerPosition[]) => void;

/**
 * Collects the fixes that changed since the last flush and sends them every `batchMs`: all to the
 * dispatchers, and to a commune post the officers actively assigned to that commune's requests. One
 * emit per room (the adapter encodes it once for all its sockets). An officer is sent nothing: it
 * sent its fix itself, and its screen draws its own position from its own GPS.
 */
export class PositionBatcher {
  private changed = new Map<string, OfficerPosition>();
  private readonly timer: TimerHandle;

  constructor(
    clock: Clock,
    batchMs: number,
    private readonly state: () => DispatchState,
    private readonly sink: PositionSink,
  ) {
    this.timer = clock.every(batchMs, () => this.flush());
  }

  add(position: OfficerPosition): void {
    this.changed.set(position.officerId, position);
  }

  flush(): void {
    if (this.changed.size === 0) return;
    const changed = this.changed;
    this.changed = new Map();
    this.sink(DISPATCHERS_ROOM, [...changed.values()]);
    // A post sees a handful of officers: look those up rather than filter the whole batch per commune.
    for (const [commune, visible] of officersVisibleByCommune(this.state())) {
      const theirs = [...visible].flatMap((officerId) => changed.get(officerId) ?? []);
      if (theirs.length > 0) this.sink(communeRoom(commune), theirs);
    }
  }

  stop(): void {
    this.timer.cancel();
  }
}

/** The positions a principal may see now (for sync): dispatchers all, a post its responders', an officer its own. */
export function visiblePositions(
  all: OfficerPosition[],
  state: DispatchState,
  who: { role: string; commune?: string; officerId?: string },
): OfficerPosition[] {
  if (who.role === 'dispatcher') return all;
  if (who.role === 'post') {
    const visible = officersVisibleToCommune(state, who.commune ?? '');
    return all.filter((p) => visible.has(p.officerId));
  }
  return all.filter((p) => p.officerId === who.officerId);
}
