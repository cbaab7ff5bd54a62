// A flush's acks go out a slice at a time with a turn of the event loop between, so a command that arrives
// while hundreds of fixes are answered is handled between two slices, not after all of them. A real intake,
// real value checks and load monitor, a real in-memory position store.
import { afterEach, expect, it } from 'vitest';
import type { Principal } from '../../shared/domain';
import type { Ack } from '../../shared/protocol';
import { MemoryPositionStore } from '../../server/positions';
import { ACK_SLICE, FixIntake } from '../../server/telemetry/fix-intake';
import { LoadMonitor } from '../../server/telemetry/load-monitor';
import { createValueChecks } from '../../server/value-checks';
import { seedCluster } from '../support/cluster-fixture';

const load = new LoadMonitor(10_000);
afterEach(() => load.stop());

const officer = (i: number): Principal => ({
  accountId: `o${i}`,
  role: 'officer',
  displayName: `o${i}`,
  officerId: `o${i}`,
});

it('answers a flush of many fixes a slice per turn of the event loop, every fix answered once', async () => {
  const { south, west, north, east } = seedCluster.map.bounds;
  const intake = new FixIntake({
    positions: new MemoryPositionStore(),
    batcher: { add: () => undefined },
    values: createValueChecks(seedCluster),
    now: () => Date.now(),
    load,
    writeMs: 5,
  });
  const officers = ACK_SLICE * 3 + 5;
  const answers: Ack[] = [];
  let answeredBeforeNextTurn: number | null = null;
  let allAnswered: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allAnswered = resolve));
  for (let i = 0; i < officers; i += 1) {
    const fix = { lat: (south + north) / 2, lon: (west + east) / 2, accuracy: 10, at: Date.now() };
    intake.report(officer(i), fix, (ack) => {
      answers.push(ack);
      // What else gets the loop: a callback queued at the first ack runs after the first slice only.
      if (answers.length === 1) setImmediate(() => (answeredBeforeNextTurn = answers.length));
      if (answers.length === officers) allAnswered();
    });
  }
  await done;
  expect(answeredBeforeNextTurn).toBe(ACK_SLICE);
  expect(answers).toHaveLength(officers);
  expect(answers.every((a) => a.ok)).toBe(true);
  await intake.flush();
});
