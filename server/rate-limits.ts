// Abuse bounded per account and per IP, not per socket: opening more sockets buys no more commands.
// Commands and syncs share one budget per account, position reports have their own (telemetry never
// eats into the budget for a request), and every message counts against its IP. With STORE=redis the
// counters live in Redis, so they hold across nodes; when Redis is unreachable each node falls back to
// its own counters instead of refusing everyone.
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RedisConnection } from './store/redis-connection';

export interface RateLimit {
  /** Messages allowed at once. */
  burst: number;
  /** Sustained rate, per second. */
  perSecond: number;
}

export interface RateLimits {
  /** Commands and syncs, per account. */
  command: RateLimit;
  /** position:report, per account. */
  position: RateLimit;
  /** Every message, per client IP (a commune office behind one NAT has a post and a few phones). */
  ip: RateLimit;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  command: { burst: 20, perSecond: 10 },
  position: { burst: 10, perSecond: 2 },
  ip: { burst: 200, perSecond: 100 },
};

export type LimitedKind = 'command' | 'position';

export interface RateLimiters {
  /** Counts one message; the milliseconds to wait when over a limit, 0 when allowed. */
  consume(kind: LimitedKind, accountId: string, ip: string): Promise<number>;
}

export interface RateLimitStore {
  client: RedisConnection;
  prefix: string;
}

export function createRateLimiters(limits: RateLimits, redis?: RateLimitStore): RateLimiters {
  const make = (name: string, limit: RateLimit): RateLimiterAbstract => {
    // A fixed window of `burst` points lasting as long as the sustained rate takes to earn them.
    const options = {
      points: Math.max(1, Math.floor(limit.burst)),
      duration: Math.max(1, Math.ceil(limit.burst / limit.perSecond)),
      keyPrefix: `${redis?.prefix ?? ''}rl:${name}`,
    };
    const memory = new RateLimiterMemory(options);
    if (!redis) return memory;
    return new RateLimiterRedis({
      ...options,
      storeClient: redis.client,
      useRedisPackage: true,
      insuranceLimiter: memory,
    });
  };
  const perAccount = { command: make('command', limits.command), position: make('position', limits.position) };
  const perIp = make('ip', limits.ip);
  return {
    async consume(kind, accountId, ip) {
      const results = await Promise.allSettled([perAccount[kind].consume(accountId), perIp.consume(ip)]);
      let wait = 0;
      for (const r of results) {
        if (r.status === 'fulfilled') continue;
        // Over the limit: a RateLimiterRes. Anything else is the store failing; the insurance limiter answered.
        if (r.reason instanceof RateLimiterRes) wait = Math.max(wait, r.reason.msBeforeNext || 1);
        else console.warn(`rate limit: counter unavailable (${String(r.reason)}); allowing`);
      }
      return wait;
    },
  };
}
