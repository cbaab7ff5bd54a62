// Slows password guessing: after `maxFailures` failed logins from one address within `windowMs`, that address
// is refused until the oldest failure leaves the window. Memory stays bounded by pruning idle addresses.
import type { Clock } from '../clock';

export interface ThrottleOptions {
  maxFailures: number;
  windowMs: number;
}

/** Generous enough for a commune office whose phones share one carrier address. */
export const DEFAULT_LOGIN_THROTTLE: ThrottleOptions = { maxFailures: 20, windowMs: 10 * 60_000 };
const MAX_TRACKED = 10_000;

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly clock: Pick<Clock, 'now'>,
    private readonly options: ThrottleOptions = DEFAULT_LOGIN_THROTTLE,
  ) {}

  /** Milliseconds until `key` may try again, or 0 when it may try now. */
  retryAfterMs(key: string): number {
    const recent = this.recent(key);
    if (recent.length < this.options.maxFailures) return 0;
    const oldest = recent[recent.length - this.options.maxFailures] ?? this.clock.now();
    return Math.max(1, oldest + this.options.windowMs - this.clock.now());
  }

  recordFailure(key: string): void {
    const recent = this.recent(key);
    recent.push(this.clock.now());
    // Only the last maxFailures matter for the decision.
    this.failures.set(key, recent.slice(-this.options.maxFailures));
    if (this.failures.size > MAX_TRACKED) this.prune();
  }

  private recent(key: string): number[] {
    const since = this.clock.now() - this.options.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }

  private prune(): void {
    for (const key of [...this.failures.keys()]) {
      if (this.recent(key).length === 0) this.failures.delete(key);
    }
  }
}
