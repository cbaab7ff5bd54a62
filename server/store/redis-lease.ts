// One node at a time drives the timers for all nodes (acceptance deadlines, unassigned alerts):
// the holder of a Redis key with an expiry. The holder renews it; when it dies the key expires
// and another node takes it within ttl + one renewal interval. A timer event is still appended
// through the seq-guarded append, so even two nodes briefly both believing they hold the lease
// could not write the same expiry twice.
import {
  type RedisConnection,
  closeConnection,
  connectWithin,
  createRedisConnection,
  describe,
  withDeadline,
} from './redis-connection';

/** Compare-and-extend: only the holder may renew. */
const RENEW_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`;

/** Compare-and-delete: a node stepping down frees the lease at once instead of after the ttl. */
const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

export interface RedisLeaseOptions {
  url: string;
  /** The lease key, e.g. `<prefix>timer-lease`. */
  key: string;
  /** Unique per node process (host:port:pid:random). */
  holderId: string;
  /** Lease lifetime, ms; a dead holder is replaced within about ttl + renewEvery. */
  ttlMs?: number;
  renewEveryMs?: number;
  onChange?: (holder: boolean) => void;
  log?: (message: string) => void;
}

export class RedisTimerLease {
  private readonly client: RedisConnection;
  private readonly ttlMs: number;
  private readonly renewEveryMs: number;
  /** Local time until which this node may act as holder; 0 when not holding. */
  private validUntil = 0;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> = Promise.resolve();
  private stopped = false;
  private wasHolder = false;
  private failing = false;

  private constructor(private readonly options: RedisLeaseOptions) {
    this.ttlMs = options.ttlMs ?? 5000;
    this.renewEveryMs = options.renewEveryMs ?? Math.max(100, Math.floor(this.ttlMs / 3));
    this.client = createRedisConnection({ url: options.url, name: `lease:${options.holderId}` });
  }

  /** Connects and makes a first attempt, so a lone node holds the lease as soon as it starts. */
  static async start(options: RedisLeaseOptions & { connectTimeoutMs?: number }): Promise<RedisTimerLease> {
    const lease = new RedisTimerLease(options);
    await connectWithin(lease.client, options.connectTimeoutMs ?? 10_000);
    await lease.tick();
    lease.timer = setInterval(() => {
      lease.ticking = lease.ticking.then(() => lease.tick());
    }, lease.renewEveryMs);
    lease.timer.unref();
    return lease;
  }

  /** True while this node holds a lease that cannot have expired in Redis yet. */
  isHolder(): boolean {
    return !this.stopped && Date.now() < this.validUntil;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
    if (this.validUntil > 0) {
      try {
        await withDeadline(
          this.client.eval(RELEASE_SCRIPT, { keys: [this.options.key], arguments: [this.options.holderId] }),
          1000,
          'lease release',
        );
      } catch {
        // The key expires by itself.
      }
    }
    this.validUntil = 0;
    this.report();
    await closeConnection(this.client);
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    // Measured before sending: Redis starts the expiry when it receives the command, later than
    // this, so sentAt + ttl is a safe lower bound; a tenth is kept back for clock rate drift.
    const sentAt = Date.now();
    const { key, holderId } = this.options;
    try {
      let held = false;
      if (this.validUntil > 0) {
        const renewed = await withDeadline(
          this.client.eval(RENEW_SCRIPT, { keys: [key], arguments: [holderId, String(this.ttlMs)] }),
          this.renewEveryMs,
          'lease renew',
        );
        held = renewed === 1;
      }
      if (!held) {
        const acquired = await withDeadline(
          this.client.set(key, holderId, { condition: 'NX', expiration: { type: 'PX', value: this.ttlMs } }),
          this.renewEveryMs,
          'lease acquire',
        );
        held = acquired === 'OK';
      }
      this.validUntil = held ? sentAt + this.ttlMs - Math.ceil(this.ttlMs / 10) : 0;
      this.failing = false;
    } catch (err) {
      // Keep validUntil: the lease is still ours in Redis until it expires, and isHolder() turns
      // false by itself at that time if Redis stays away.
      if (!this.failing) this.options.log?.(`timer lease: ${describe(err)}`);
      this.failing = true;
    }
    this.report();
  }

  private report(): void {
    const holder = this.isHolder();
    if (holder !== this.wasHolder) {
      this.wasHolder = holder;
      this.options.onChange?.(holder);
    }
  }
}
