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

  async record(position: OfficerPosition): Promise<void> {
    const json = JSON.stringify(position);
    const trail = this.trailKey(position.officerId);
    await runWithin(
      this.client
        .multi()
        .hSet(this.latestKey, position.officerId, json)
        .rPush(trail, json)
        .lTrim(trail, -TRAIL_LENGTH, -1)
        .exec(),
      this.timeoutMs,
      'record position',
    );
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
