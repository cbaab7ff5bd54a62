// One clock every bench process shares: the wall clock with sub-millisecond resolution.
// process.hrtime has an arbitrary origin per process; timeOrigin + now() is wall time in every one.
import { performance } from 'node:perf_hooks';

export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}
