// Road ETA on a small graph: a river with one bridge. The officer just across the river is nearest in a
// straight line but has to drive round by the bridge, so the road ranking puts the officer on the same bank first.
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../shared/domain';
import type { EventBody } from '../../shared/events';
import type { MapRoad } from '../../shared/map-data';
import type { OfficerPosition } from '../../shared/protocol';
import { applyEvents, initialState } from '../../shared/reducer';
import {
  buildRoadNetwork,
  DEFAULT_ROAD_SPEEDS,
  parseRoadSpeeds,
  roadEstimator,
  travelByRoad,
} from '../../shared/road-route';
import { distanceMeters } from '../../shared/geo';
import { suggestResponders } from '../../shared/suggest';
import { seedCluster as cluster } from '../support/cluster-fixture';
import { numbered, raisedBody } from '../support/event-fixtures';

// The river runs west–east along 20.200; a road on each bank; one bridge at the east end (105.750).
const NORTH = 20.2015;
const SOUTH = 20.1985;
const line = (lat: number) => Array.from({ length: 11 }, (_, i) => [105.7 + i * 0.005, lat] as [number, number]);
const ROADS: MapRoad[] = [
  { id: 1, class: 'tertiary', name: 'Đường bờ bắc', coordinates: line(NORTH) },
  { id: 2, class: 'tertiary', name: 'Đường bờ nam', coordinates: line(SOUTH) },
  {
    id: 3,
    class: 'tertiary',
    name: 'Cầu',
    coordinates: [
      [105.75, NORTH],
      [105.75, SOUTH],
    ],
  },
];
const scene = { lat: NORTH, lon: 105.7 };
const acrossTheRiver = { lat: SOUTH, lon: 105.7 };
const sameBank = { lat: NORTH, lon: 105.715 };

const dispatcher: Actor = { role: 'dispatcher', id: 'dieu-phoi' };
const onDuty = (officerId: string): EventBody => ({
  type: 'officer:duty_changed',
  data: { officerId, duty: 'available' },
});
const fix = (officerId: string, at: { lat: number; lon: number }): OfficerPosition => ({
  officerId,
  ...at,
  accuracy: 10,
  at: 1,
  receivedAt: 2,
});

describe('road ETA', () => {
  const network = buildRoadNetwork(ROADS);

  it('drives round by the bridge: the road route is much longer than the straight line', () => {
    const straight = distanceMeters(acrossTheRiver, scene);
    const road = travelByRoad(network, acrossTheRiver, scene);
    expect(straight).toBeLessThan(400);
    expect(road?.method).toBe('road');
    // 5.2 km east, the bridge, 5.2 km back.
    expect(road!.meters).toBeGreaterThan(10_000);
    expect(road!.meters).toBeLessThan(11_000);
    expect(road!.seconds).toBeCloseTo(road!.meters / ((DEFAULT_ROAD_SPEEDS.tertiary * 1000) / 3600), -1);
  });

  it('changes the ranking: straight line puts the officer across the river first, roads the one on the same bank', () => {
    const state = applyEvents(
      initialState(cluster),
      numbered(
        [raisedBody({ requestId: 'r1', commune: 'ky-phu', location: scene }), onDuty('kp-1'), onDuty('kp-2')].map(
          (body) => [dispatcher, body] as const,
        ),
      ),
    );
    const positions = [fix('kp-1', acrossTheRiver), fix('kp-2', sameBank)];
    const straight = suggestResponders(state, positions, cluster, 'r1');
    expect(straight.map((s) => [s.officerId, s.etaMethod])).toEqual([
      ['kp-1', 'straight'],
      ['kp-2', 'straight'],
    ]);
    const byRoad = suggestResponders(state, positions, cluster, 'r1', undefined, { travel: roadEstimator(network) });
    expect(byRoad.map((s) => [s.officerId, s.etaMethod])).toEqual([
      ['kp-2', 'road'],
      ['kp-1', 'road'],
    ]);
    expect(byRoad[1]!.distanceMeters).toBeGreaterThan(10_000);
  });

  it('falls back to the straight line far from any road, and says so', () => {
    const state = applyEvents(
      initialState(cluster),
      numbered(
        [raisedBody({ requestId: 'r1', commune: 'ky-phu', location: scene }), onDuty('kp-1')].map(
          (b) => [dispatcher, b] as const,
        ),
      ),
    );
    const farFromRoads = { lat: 20.25, lon: 105.7 };
    expect(travelByRoad(network, farFromRoads, scene)).toBeNull();
    const [only] = suggestResponders(state, [fix('kp-1', farFromRoads)], cluster, 'r1', undefined, {
      travel: roadEstimator(network),
    });
    expect(only?.etaMethod).toBe('straight');
  });

  it('takes speeds by road class from configuration', () => {
    expect(parseRoadSpeeds('tertiary=20, track=8')).toMatchObject({ tertiary: 20, track: 8, trunk: 55 });
    expect(() => parseRoadSpeeds('footway=5')).toThrow(/footway=5/);
    const slow = buildRoadNetwork(ROADS, parseRoadSpeeds('tertiary=20'));
    const fast = travelByRoad(network, sameBank, scene)!;
    expect(travelByRoad(slow, sameBank, scene)!.seconds).toBeCloseTo(fast.seconds * 2, 0);
  });
});
