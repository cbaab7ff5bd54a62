// `npm run bench:road-eta`: how long the responder ranking takes with road ETAs (A* on the road graph per
// officer), for the cluster's 18 officers and for 1,000, on a synthetic road grid the size of the cluster
// (about 30 × 27 km, a road every ~330 m, a faster road every ~3 km) since no real extract ships here.
import { loadClusterFile } from '../server/cluster-file';
import { DEFAULT_CLUSTER_FILE } from '../server/config';
import type { Cluster, OfficerProfile } from '../shared/cluster';
import type { Actor } from '../shared/domain';
import type { DispatchEvent, EventBody } from '../shared/events';
import type { MapRoad } from '../shared/map-data';
import type { OfficerPosition } from '../shared/protocol';
import { applyEvents, initialState } from '../shared/reducer';
import { buildRoadNetwork, roadEstimator } from '../shared/road-route';
import { suggestResponders } from '../shared/suggest';
import { report } from './bench-stats';

const STEP = 0.003;

function gridRoads(cluster: Cluster): MapRoad[] {
  const { south, west, north, east } = cluster.map.bounds;
  const roads: MapRoad[] = [];
  let id = 1;
  const rows = Math.round((north - south) / STEP);
  const cols = Math.round((east - west) / STEP);
  for (let r = 0; r <= rows; r++) {
    const lat = south + r * STEP;
    const coordinates = Array.from({ length: cols + 1 }, (_, c) => [west + c * STEP, lat] as [number, number]);
    roads.push({ id: id++, class: r % 10 === 0 ? 'secondary' : 'unclassified', coordinates });
  }
  for (let c = 0; c <= cols; c++) {
    const lon = west + c * STEP;
    const coordinates = Array.from({ length: rows + 1 }, (_, r) => [lon, south + r * STEP] as [number, number]);
    roads.push({ id: id++, class: c % 10 === 0 ? 'secondary' : 'unclassified', coordinates });
  }
  return roads;
}

/** Deterministic points in the cluster's box. */
function points(n: number, cluster: Cluster, seed: number): { lat: number; lon: number }[] {
  let x = seed;
  const next = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const { south, west, north, east } = cluster.map.bounds;
  return Array.from({ length: n }, () => ({
    lat: south + next() * (north - south),
    lon: west + next() * (east - west),
  }));
}

function run(
  label: string,
  cluster: Cluster,
  officers: OfficerProfile[],
  requests: number,
  travel: ReturnType<typeof roadEstimator>,
) {
  const actor: Actor = { role: 'dispatcher', id: 'bench' };
  const withOfficers = { ...cluster, officers };
  const bodies: EventBody[] = officers.map((o) => ({
    type: 'officer:duty_changed',
    data: { officerId: o.id, duty: 'available' },
  }));
  const at = points(requests, cluster, 7);
  at.forEach((location, i) =>
    bodies.push({
      type: 'request:raised',
      data: {
        requestId: `r${i + 1}`,
        number: i + 1,
        commune: 'ky-phu',
        kind: 'fight',
        priority: 'critical',
        location,
        locationSource: 'point',
        note: '',
        respondersWanted: 1,
        clientSentAt: null,
      },
    } as EventBody),
  );
  const events: DispatchEvent[] = bodies.map(
    (body, i) => ({ seq: i + 1, at: 0, actor, commandId: null, ...body }) as DispatchEvent,
  );
  const state = applyEvents(initialState(withOfficers), events);
  const positions: OfficerPosition[] = points(officers.length, cluster, 3).map((p, i) => ({
    officerId: officers[i]?.id ?? '',
    ...p,
    accuracy: 10,
    at: 0,
    receivedAt: 0,
  }));
  const samples: number[] = [];
  let byRoad = 0;
  for (let i = 0; i < requests; i++) {
    const started = performance.now();
    const list = suggestResponders(state, positions, withOfficers, `r${i + 1}`, undefined, { travel });
    samples.push(performance.now() - started);
    byRoad += list.filter((s) => s.etaMethod === 'road').length;
  }
  report(
    label,
    samples.sort((a, b) => a - b),
  );
  console.log(`  ${byRoad} of ${officers.length * requests} ETAs by road`);
}

const cluster = loadClusterFile(DEFAULT_CLUSTER_FILE);
const roads = gridRoads(cluster);
const builtAt = performance.now();
const network = buildRoadNetwork(roads);
console.log(
  `road graph: ${network.nodeCount} nodes, ${network.graph.getLinkCount()} links, built in ${(performance.now() - builtAt).toFixed(0)} ms`,
);
const travel = roadEstimator(network);
const thousand: OfficerProfile[] = Array.from({ length: 1000 }, (_, i) => ({
  id: `o-${i + 1}`,
  callsign: `O-${i + 1}`,
  commune: 'ky-phu',
  name: null,
}));
run('18 officers × 1 request, straight line', cluster, cluster.officers, 50, undefined);
run('18 officers × 1 request, road ETA', cluster, cluster.officers, 50, travel);
run('1,000 officers × 1 request, road ETA', cluster, thousand, 5, travel);
