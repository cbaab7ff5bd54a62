// Time as a dependency: the server reads `now()` and schedules through a Clock so tests can drive
// deadlines with a fake one instead of waiting.
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  now(): number;
  /** Calls `fn` every `ms` until cancelled. */
  every(ms: number, fn: () => void): TimerHandle;
  /** Calls `fn` once after `ms`. */
  after(ms: number, fn: () => void): TimerHandle;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  every(ms, fn) {
    const t = setInterval(fn, ms);
    t.unref();
    return { cancel: () => clearInterval(t) };
  },
  after(ms, fn) {
    const t = setTimeout(fn, ms);
    t.unref();
    return { cancel: () => clearTimeout(t) };
  },
};

interface Scheduled {
  due: number;
  interval: number | null;
  fn: () => void;
  cancelled: boolean;
}

/** A clock that only moves when told to; `advance` runs everything that falls due, in order. */
export class FakeClock implements Clock {
  private current: number;
  private readonly scheduled: Scheduled[] = [];

  constructor(start = Date.UTC(2026, 10, 26, 7, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  every(ms: number, fn: () => void): TimerHandle {
    return this.schedule({ due: this.current + ms, interval: ms, fn, cancelled: false });
  }

  after(ms: number, fn: () => void): TimerHandle {
    return this.schedule({ due: this.current + ms, interval: null, fn, cancelled: false });
  }

  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const next = this.scheduled.filter((s) => !s.cancelled && s.due <= target).sort((a, b) => a.due - b.due)[0];
      if (!next) break;
      this.current = next.due;
      if (next.interval === null) next.cancelled = true;
      else next.due += next.interval;
      next.fn();
    }
    this.current = target;
  }

  private schedule(s: Scheduled): TimerHandle {
    this.scheduled.push(s);
    return {
      cancel: () => {
        s.cancelled = true;
      },
    };
  }
}
