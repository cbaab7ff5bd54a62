// The console's suggestion list comes from shared/suggest.ts (the rule the server's automatic
// reassignment follows), given what the console also knows: who is connected and how old each fix is.
import { describe, expect, it } from 'vitest';
import type { OfficerPosition } from '../../shared/protocol';
import { suggestResponders } from '../../shared/suggest';
import { STALE_FIX_MS } from '../../client/map/area-style';
import { EventLog, T0 } from '../support/event-fixtures';
import { seedCluster as cluster } from '../support/cluster-fixture';

const fix = (officerId: string, lat: number, lon: number, receivedAt = T0): OfficerPosition => ({
  officerId,
  lat,
  lon,
  accuracy: 10,
  at: receivedAt,
  receivedAt,
});

const known = (now: number, online?: ReadonlySet<string>) => ({ now, staleAfterMs: STALE_FIX_MS, online });

describe('suggested responders', () => {
  it('suggests the nearest available officers by ETA, from either province', () => {
    const log = new EventLog();
    for (const id of ['pl-1', 'tv-1', 'cp-1', 'kp-1']) log.onDuty(0, id);
    // A request at the Phú Long / Thành Vân border: the Thanh Hóa officer is closer than Kỳ Phú's.
    log.raise(1_000, 1, 'phu-long', 'high');
    const state = log.state();
    const positions = {
      'pl-1': fix('pl-1', 20.29, 105.81),
      'tv-1': fix('tv-1', 20.185, 105.79),
      'cp-1': fix('cp-1', 20.3, 105.65),
      'kp-1': fix('kp-1', 20.22, 105.74),
    };
    const s = suggestResponders(state, positions, cluster, 'r1', undefined, known(T0 + 2_000));
    expect(s.map((x) => x.officerId)).toEqual(['tv-1', 'kp-1', 'pl-1', 'cp-1']);
    expect(s[0]?.commune).toBe('thanh-van');
    expect(s.every((x, i) => i === 0 || (s[i - 1]?.etaSeconds ?? 0) <= x.etaSeconds)).toBe(true);
  });

  it('leaves out officers who are off duty or busy on another request', () => {
    const log = new EventLog();
    log.onDuty(0, 'pl-1');
    log.onDuty(0, 'pl-2');
    log.raise(1_000, 1, 'phu-long', 'high');
    log.raise(1_000, 2, 'phu-long', 'normal');
    log.assign(2_000, 'r2', 'phu-long', 'a1', 'pl-2');
    const state = log.state();
    const s = suggestResponders(state, {}, cluster, 'r1', undefined, known(T0 + 3_000));
    expect(s.map((x) => x.officerId)).toEqual(['pl-1']);
    expect(s[0]?.from).toBe('post');
  });

  it('ranks offline officers, stale fixes and those who already declined after the rest', () => {
    const log = new EventLog();
    for (const id of ['kp-1', 'kp-2', 'kp-3', 'pl-1']) log.onDuty(0, id);
    log.raise(0, 1, 'ky-phu', 'critical');
    const ref = log.assign(1_000, 'r1', 'ky-phu', 'a1', 'kp-1');
    log.add(5_000, { type: 'assignment:declined', data: { ...ref, reason: '' } });
    const state = log.state();
    const now = T0 + 300_000;
    const at = cluster.communes.find((c) => c.id === 'ky-phu')?.post.location ?? { lat: 0, lon: 0 };
    const positions = {
      'kp-1': fix('kp-1', at.lat, at.lon, now - 1_000),
      'kp-2': fix('kp-2', at.lat, at.lon, now - 1_000),
      'kp-3': fix('kp-3', at.lat + 0.001, at.lon, now - 200_000),
      'pl-1': fix('pl-1', 20.2, 105.8, now - 1_000),
    };
    const online = new Set(['kp-1', 'kp-3', 'pl-1']);
    const s = suggestResponders(state, positions, cluster, 'r1', undefined, known(now, online));
    expect(s.map((x) => x.officerId)).toEqual(['pl-1', 'kp-3', 'kp-1', 'kp-2']);
    expect(s.find((x) => x.officerId === 'kp-3')?.staleFix).toBe(true);
    expect(s.find((x) => x.officerId === 'kp-1')?.declinedBefore).toBe(true);
    expect(s.find((x) => x.officerId === 'kp-2')?.online).toBe(false);
    // The server's view (no presence, no fix ages): only the decline counts, then the ETA.
    const plain = suggestResponders(state, positions, cluster, 'r1');
    expect(plain.map((x) => x.officerId)).toEqual(['kp-2', 'kp-3', 'pl-1', 'kp-1']);
    expect(plain.every((x) => x.online && !x.staleFix)).toBe(true);
  });
});
