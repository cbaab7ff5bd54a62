// The fix intake on its own. Closing it while officers keep reporting: close() resolves only once every
// store write has finished, never two writes run at once, and nothing is taken or written after it. A
// flush's acks go out a slice at a time with a turn of the event loop between, so a command arriving while
// hundreds of fixes are answered is handled between two slices, not after all of them. A real intake, real
// value checks and load monitor, and a real in-memory position store slowed down so writes take time.
import { afterEach, expect, it } from 'vitest';
import type { Principal } from '../../shared/domain';
import { ErrorCode, type Ack, type OfficerPosition } from '../../shared/protocol';
import { MemoryPositionStore } from '../../server/positions';
import { ACK_SLICE, FixIntake } from '../../server/telemetry/fix-intake';
import { LoadMonitor } from '../../server/telemetry/load-monitor';
import { createValueChecks } from '../../server/value-checks';
import { seedCluster } from '../support/cluster-fixture';

/** Each write takes 30 ms; counts how many are in flight at once. */
class SlowStore extends MemoryPositionStore {
  inFlight = 0;
  maxInFlight = 0;
  writes = 0;

  override async recordMany(positions: readonly OfficerPosition[]): Promise<void> {
    this.inFlight += 1;
    this.writes += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, 30));
      await super.recordMany(positions);
    } finally {
      this.inFlight -= 1;
    }
  }
}

const load = new LoadMonitor(10_000);
afterEach(() => load.stop());

const officer = (i: number): Principal => ({
  accountId: `o${i}`,
  role: 'officer',
  displayName: `o${i}`,
  officerId: `o${i}`,
});

it('close resolves only after every write, never two at once, and takes nothing after it', async () => {
  const store = new SlowStore();
  const { south, west, north, east } = seedCluster.map.bounds;
  const intake = new FixIntake({
    positions: store,
    batcher: { add: () => undefined },
    values: createValueChecks(seedCluster),
    now: () => Date.now(),
    load,
    writeMs: 20,
  });
  const fix = () => ({ lat: (south + north) / 2, lon: (west + east) / 2, accuracy: 10, at: Date.now() });
  let unanswered = 0;
  const answers: Ack[] = [];
  const report = (i: number) => {
    unanswered += 1;
    intake.report(officer(i % 50), fix(), (ack) => {
      unanswered -= 1;
      answers.push(ack);
    });
  };
  let i = 0;
  const feed = setInterval(() => report(i++), 2);
  try {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const flushed = await Promise.race([
      intake.close().then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), 1500)),
    ]);
    expect(flushed).toBe(true);
    expect(store.inFlight).toBe(0);
    const writes = store.writes;
    // Every fix taken before close was answered by then; the feed still running is refused.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(unanswered).toBe(0);
    expect(answers.at(-1)).toMatchObject({ ok: false, code: ErrorCode.ShuttingDown });
    expect(store.writes).toBe(writes);
    expect(store.maxInFlight).toBe(1);
  } finally {
    clearInterval(feed);
  }
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
  await intake.close();
});
