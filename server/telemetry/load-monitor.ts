// Is this process overloaded? Event-loop lag, measured with perf_hooks.monitorEventLoopDelay and with the
// lateness of its own sampling timer (a loop blocked for 300 ms makes that timer 300 ms late), read every
// LOAD_SAMPLE_MS. Over the threshold the node counts as overloaded for at least OVERLOAD_HOLD_MS, so shedding
// does not flap on and off between two samples. Wall-clock timers on purpose: load is not domain time.
import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';

const LOAD_SAMPLE_MS = 100;
const OVERLOAD_HOLD_MS = 1000;

export interface LoadState {
  /** The largest event-loop delay in the last sample window, ms. */
  readonly lagMs: number;
  readonly overloaded: boolean;
}

export class LoadMonitor implements LoadState {
  private readonly histogram: IntervalHistogram;
  private readonly timer: NodeJS.Timeout;
  private last = performance.now();
  private lag = 0;
  private overloadedUntil = 0;

  constructor(
    private readonly thresholdMs: number,
    private readonly sampleMs = LOAD_SAMPLE_MS,
  ) {
    this.histogram = monitorEventLoopDelay({ resolution: 10 });
    this.histogram.enable();
    this.timer = setInterval(() => this.sample(), sampleMs);
    this.timer.unref();
  }

  get lagMs(): number {
    return this.lag;
  }

  get overloaded(): boolean {
    return performance.now() < this.overloadedUntil;
  }

  stop(): void {
    clearInterval(this.timer);
    this.histogram.disable();
  }

  private sample(): void {
    const now = performance.now();
    const late = Math.max(0, now - this.last - this.sampleMs);
    this.last = now;
    // Nanoseconds; 0 when the histogram has no sample yet.
    this.lag = Math.max(late, this.histogram.max / 1e6);
    this.histogram.reset();
    if (this.lag >= this.thresholdMs) this.overloadedUntil = now + OVERLOAD_HOLD_MS;
  }
}
