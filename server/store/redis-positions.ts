// Officer positions shared by every node: the latest fix per officer in a hash (so a sync on any
// node returns every officer), and a short trail per officer in a capped list.
import type { OfficerPosition } from '../../shared/protocol';
import { TRAIL_LENGTH, type PositionStore } from '../positions';
import { type RedisConnection, runWithin } from './redis-connection';

export class RedisPositionStore implements PositionStore {
  private readonly latestKey: string;

  constructor(
    private readonly client: RedisConnection,
    private readonly prefix: string,
    private readonly timeoutMs = 2000,
  ) {
    this.latestKey = `${prefix}positions`;
  }

  record(position: OfficerPosition): Promise<void> {
    return this.recordMany([position]);
  }

  /** One MULTI for all of them: one round trip per flush, not one per fix. */
  async recordMany(positions: readonly OfficerPosition[]): Promise<void> {
    if (positions.length === 0) return;
    // The builder queues each command on itself; its typed return value only tracks the replies.
    const multi = this.client.multi();
    for (const position of positions) {
      const json = JSON.stringify(position);
      const trail = this.trailKey(position.officerId);
      multi.hSet(this.latestKey, position.officerId, json).rPush(trail, json).lTrim(trail, -TRAIL_LENGTH, -1);
    }
    await runWithin(multi.exec(), this.timeoutMs, 'record positions');
  }

  async latest(): Promise<OfficerPosition[]> {
    const values = await runWithin(this.client.hVals(this.latestKey), this.timeoutMs, 'read positions');
    return values.map((v) => JSON.parse(String(v)) as OfficerPosition);
  }

  async trail(officerId: string): Promise<OfficerPosition[]> {
    const values = await runWithin(this.client.lRange(this.trailKey(officerId), 0, -1), this.timeoutMs, 'read trail');
    return values.map((v) => JSON.parse(String(v)) as OfficerPosition);
  }

  private trailKey(officerId: string): string {
    return `${this.prefix}trail:${officerId}`;
  }
}
