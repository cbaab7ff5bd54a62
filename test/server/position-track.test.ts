// Positions kept as a time series for replay: sampled per officer, in day files, pruned after the
// retention period.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OfficerPosition } from '../../shared/protocol';
import { FileTrackStore, TrackedPositionStore, type TrackStore } from '../../server/history/position-track';
import { MemoryPositionStore } from '../../server/positions';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 26, 1, 0, 0);
const fix = (officerId: string, receivedAt: number, lat = 20.2): OfficerPosition => ({
  officerId,
  lat,
  lon: 105.7,
  accuracy: 10,
  at: receivedAt,
  receivedAt,
});

describe('position time series', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'grd-track-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('keeps one fix per officer every sample period, and sooner when the officer moved far', async () => {
    const track = new FileTrackStore(dir, 30 * DAY);
    const live = new MemoryPositionStore();
    const positions = new TrackedPositionStore(live, track, 15_000);
    for (let s = 0; s < 60; s += 1) await positions.record(fix('kp-1', T0 + s * 1000));
    await positions.record(fix('kp-1', T0 + 60_500, 20.21)); // ~1.1 km north, 0.5 s later
    await positions.record(fix('pl-1', T0 + 1000));
    await positions.flush();
    const kept = await track.range(T0, T0 + 120_000);
    expect(kept.map((p) => [p.officerId, p.receivedAt - T0])).toEqual([
      ['kp-1', 0],
      ['pl-1', 1000],
      ['kp-1', 15_000],
      ['kp-1', 30_000],
      ['kp-1', 45_000],
      ['kp-1', 60_500],
    ]);
    // The live store still has every fix (its short trail).
    expect((await live.latest()).find((p) => p.officerId === 'kp-1')?.receivedAt).toBe(T0 + 60_500);
  });

  it('keeps a whole batch of fixes with one track write, not one per fix', async () => {
    const file = new FileTrackStore(dir, 30 * DAY);
    const writes: number[] = [];
    const counted: TrackStore = {
      appendMany: (positions) => {
        writes.push(positions.length);
        return file.appendMany(positions);
      },
      range: (from, to) => file.range(from, to),
      prune: (now) => file.prune(now),
    };
    const positions = new TrackedPositionStore(new MemoryPositionStore(), counted, 15_000);
    const officers = Array.from({ length: 200 }, (_, i) => `o-${i}`);
    await positions.recordMany(officers.map((id, i) => fix(id, T0 + i)));
    await positions.flush();
    expect(writes).toEqual([200]);
    expect(await file.range(T0, T0 + 1000)).toHaveLength(200);
  });

  it('drops day files older than the retention period', async () => {
    const track = new FileTrackStore(dir, 30 * DAY);
    await track.appendMany([fix('kp-1', T0 - 40 * DAY), fix('kp-1', T0 - 29 * DAY), fix('kp-1', T0)]);
    await track.prune(T0);
    expect((await track.range(T0 - 41 * DAY, T0 + 1)).map((p) => p.receivedAt)).toEqual([T0 - 29 * DAY, T0]);
    expect((await fs.readdir(dir)).sort()).toHaveLength(2);
  });
});
