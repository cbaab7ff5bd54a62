// Property-based: a few thousand random and adversarial frames from four accounts against one real
// server (test/support/fuzz.ts): it stays up, /healthz stays ok, every ack has a code from the fixed
// list, seq moves only for accepted commands, and a restart on the same data dir gives the same state.
// `npm run bench:fuzz` runs the same with 100,000+ frames.
import { describe, expect, it } from 'vitest';
import { runFuzz } from '../support/fuzz';

describe('fuzzed frames against a real server', () => {
  it('3,000 frames: the server stays up and consistent, and restarts to the same state', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? 20261201);
    const stats = await runFuzz({ frames: 3000, seed });
    expect(stats.frames).toBe(3000);
    expect(stats.restartedSameState).toBe(true);
    expect(stats.healthChecks).toBeGreaterThan(0);
    // The frames reach past the schema: some are accepted, and the refusals are of several kinds.
    expect(stats.accepted).toBeGreaterThan(10);
    expect([...stats.codes.keys()]).toEqual(
      expect.arrayContaining(['ok', 'bad_request', 'unknown_command', 'too_large']),
    );
  }, 120_000);
});
