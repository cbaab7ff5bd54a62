// Travel time along the imported roads: a graph of the road network (ngraph.graph) weighted by seconds at each
// road class's speed. One route is the fastest path by A* (ngraph.path, the straight line at the top speed as
// its heuristic). Ranking every officer for one request runs one Dijkstra from the request over the whole
// graph instead (roads here are two-way, so time from the request is time to it): one search, then a lookup
// per officer, which keeps 1,000 officers as cheap as 18. Each end joins the network at its nearest road node,
// the leg off the road at the straight-line rule; with no road near an end, or no path, the caller falls back
// to the straight line and says so.
import createGraph, { type Graph } from 'ngraph.graph';
import { aStar, type PathFinder } from 'ngraph.path';
import type { LatLon } from './cluster';
import { DEFAULT_ETA, distanceMeters, type EtaOptions } from './geo';
import { ROAD_CLASSES, type MapRoad, type RoadClass } from './map-data';

export type RoadSpeeds = Record<RoadClass, number>;

/** km/h by class on these rural roads (karst hills, villages, motorbikes and carts); configurable per deployment. */
export const DEFAULT_ROAD_SPEEDS: RoadSpeeds = {
  motorway: 80,
  trunk: 55,
  primary: 50,
  secondary: 45,
  tertiary: 40,
  unclassified: 30,
  residential: 25,
  living_street: 15,
  service: 15,
  track: 12,
};

/** Parses "trunk=60,track=10" over the defaults; throws naming the bad part. */
export function parseRoadSpeeds(text: string): RoadSpeeds {
  const speeds = { ...DEFAULT_ROAD_SPEEDS };
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name = '', value = ''] = part.split('=').map((s) => s.trim());
    const kmh = Number(value);
    if (!(ROAD_CLASSES as readonly string[]).includes(name) || !Number.isFinite(kmh) || kmh <= 0) {
      throw new Error(`road speed "${part}": expected class=km/h with a class among ${ROAD_CLASSES.join(', ')}`);
    }
    speeds[name as RoadClass] = kmh;
  }
  return speeds;
}

export interface TravelEstimate {
  seconds: number;
  meters: number;
  method: 'road' | 'straight';
}
/**
 * What the ranking asks, once per request: a function giving each start's time to the request, or null for
 * the straight-line rule.
 */
export type TravelEstimator = (to: LatLon) => (from: LatLon) => TravelEstimate | null;

interface RoadNode {
  lat: number;
  lon: number;
}
interface RoadLink {
  seconds: number;
  meters: number;
}

export interface RoadNetwork {
  graph: Graph<RoadNode, RoadLink>;
  finder: PathFinder<RoadNode>;
  /** The same graph as flat arrays for the one-to-all search: node index by id, neighbours in CSR form. */
  index: Map<string, number>;
  offsets: Int32Array;
  targets: Int32Array;
  linkSeconds: Float64Array;
  linkMeters: Float64Array;
  /** Node ids by grid cell, for the nearest node to a point. */
  cells: Map<string, string[]>;
  cellDeg: number;
  nodeCount: number;
}

/** About 1 km cells: a point's nearest road node is in its cell or the eight around it (SNAP_METERS < cell). */
const CELL_DEG = 0.01;
/** Farther than this from any road, the road network does not help: straight line. */
export const SNAP_METERS = 800;

const nodeKey = (lon: number, lat: number) => `${lon.toFixed(5)},${lat.toFixed(5)}`;
const cellKey = (lat: number, lon: number) => `${Math.floor(lat / CELL_DEG)}:${Math.floor(lon / CELL_DEG)}`;

export function buildRoadNetwork(roads: readonly MapRoad[], speeds: RoadSpeeds = DEFAULT_ROAD_SPEEDS): RoadNetwork {
  const graph = createGraph<RoadNode, RoadLink>();
  const cells = new Map<string, string[]>();
  const maxKmh = Math.max(...Object.values(speeds));
  for (const road of roads) {
    const metresPerSecond = (speeds[road.class] * 1000) / 3600;
    for (let i = 0; i + 1 < road.coordinates.length; i++) {
      const [lonA = 0, latA = 0] = road.coordinates[i] ?? [];
      const [lonB = 0, latB = 0] = road.coordinates[i + 1] ?? [];
      const a = nodeKey(lonA, latA);
      const b = nodeKey(lonB, latB);
      if (a === b) continue;
      for (const [id, lat, lon] of [
        [a, latA, lonA],
        [b, latB, lonB],
      ] as const) {
        if (!graph.getNode(id)) {
          graph.addNode(id, { lat, lon });
          const cell = cellKey(lat, lon);
          const list = cells.get(cell);
          if (list) list.push(id);
          else cells.set(cell, [id]);
        }
      }
      const meters = distanceMeters({ lat: latA, lon: lonA }, { lat: latB, lon: lonB });
      const existing = graph.getLink(a, b) ?? graph.getLink(b, a);
      const seconds = meters / metresPerSecond;
      // Two roads over one segment: the faster one counts.
      if (!existing || existing.data.seconds > seconds) {
        if (existing) graph.removeLink(existing);
        graph.addLink(a, b, { seconds, meters });
      }
    }
  }
  const topSpeed = (maxKmh * 1000) / 3600;
  const finder = aStar<RoadNode, RoadLink>(graph, {
    oriented: false,
    distance: (_from, _to, link) => link.data.seconds,
    // Admissible: no road is faster than the top speed in a straight line.
    heuristic: (from, to) => distanceMeters(from.data, to.data) / topSpeed,
  });
  return { graph, finder, cells, cellDeg: CELL_DEG, nodeCount: graph.getNodeCount(), ...flatten(graph) };
}

function flatten(graph: Graph<RoadNode, RoadLink>) {
  const index = new Map<string, number>();
  graph.forEachNode((node) => {
    index.set(String(node.id), index.size);
  });
  const ends: [number, number, RoadLink][] = [];
  graph.forEachLink((link) => {
    const a = index.get(String(link.fromId)) ?? 0;
    const b = index.get(String(link.toId)) ?? 0;
    ends.push([a, b, link.data], [b, a, link.data]);
  });
  // Compressed rows: the links of node i are offsets[i] .. offsets[i + 1] - 1.
  ends.sort((x, y) => x[0] - y[0]);
  const offsets = new Int32Array(index.size + 1);
  for (const [from] of ends) offsets[from + 1] = (offsets[from + 1] ?? 0) + 1;
  for (let i = 0; i < index.size; i++) offsets[i + 1] = (offsets[i + 1] ?? 0) + (offsets[i] ?? 0);
  const targets = Int32Array.from(ends, (e) => e[1]);
  const linkSeconds = Float64Array.from(ends, (e) => e[2].seconds);
  const linkMeters = Float64Array.from(ends, (e) => e[2].meters);
  return { index, offsets, targets, linkSeconds, linkMeters };
}

/** A binary min-heap of (node, seconds); stale entries are skipped by the caller. */
class Frontier {
  private nodes: number[] = [];
  private keys: number[] = [];
  get size(): number {
    return this.nodes.length;
  }
  push(node: number, key: number): void {
    let i = this.nodes.length;
    this.nodes.push(node);
    this.keys.push(key);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentKey = this.keys[parent] ?? 0;
      if (parentKey <= key) break;
      this.nodes[i] = this.nodes[parent] ?? 0;
      this.keys[i] = parentKey;
      i = parent;
    }
    this.nodes[i] = node;
    this.keys[i] = key;
  }
  pop(): [number, number] {
    const top: [number, number] = [this.nodes[0] ?? 0, this.keys[0] ?? 0];
    const node = this.nodes.pop() ?? 0;
    const key = this.keys.pop() ?? 0;
    const n = this.nodes.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        let mKey = key;
        if (l < n && (this.keys[l] ?? 0) < mKey) {
          m = l;
          mKey = this.keys[l] ?? 0;
        }
        if (r < n && (this.keys[r] ?? 0) < mKey) m = r;
        if (m === i) break;
        this.nodes[i] = this.nodes[m] ?? 0;
        this.keys[i] = this.keys[m] ?? 0;
        i = m;
      }
      this.nodes[i] = node;
      this.keys[i] = key;
    }
    return top;
  }
}

/** Seconds and metres from one node to every node (Infinity where unreachable). */
function fromNode(network: RoadNetwork, source: number): { seconds: Float64Array; meters: Float64Array } {
  const n = network.index.size;
  const seconds = new Float64Array(n).fill(Infinity);
  const meters = new Float64Array(n).fill(Infinity);
  const frontier = new Frontier();
  seconds[source] = 0;
  meters[source] = 0;
  frontier.push(source, 0);
  while (frontier.size > 0) {
    const [node, key] = frontier.pop();
    if (key > (seconds[node] ?? Infinity)) continue; // a stale entry
    const here = meters[node] ?? 0;
    const last = network.offsets[node + 1] ?? 0;
    for (let e = network.offsets[node] ?? 0; e < last; e++) {
      const next = network.targets[e] ?? 0;
      const t = key + (network.linkSeconds[e] ?? 0);
      if (t < (seconds[next] ?? Infinity)) {
        seconds[next] = t;
        meters[next] = here + (network.linkMeters[e] ?? 0);
        frontier.push(next, t);
      }
    }
  }
  return { seconds, meters };
}

/** Every start's road time to `to` from one search; null for a start (or a `to`) with no road near it. */
export function travelTimesTo(
  network: RoadNetwork,
  to: LatLon,
  offRoad: EtaOptions = DEFAULT_ETA,
): (from: LatLon) => TravelEstimate | null {
  const end = nearestNode(network, to);
  if (!end) return () => null;
  const all = fromNode(network, network.index.get(end.id) ?? 0);
  const offRoadSpeed = (offRoad.speedKmh * 1000) / 3600;
  return (from) => {
    const start = nearestNode(network, from);
    if (!start) return null;
    const i = network.index.get(start.id) ?? -1;
    const seconds = all.seconds[i] ?? Infinity;
    if (!Number.isFinite(seconds)) return null;
    const legMeters = (start.meters + end.meters) * offRoad.roadFactor;
    return { seconds: seconds + legMeters / offRoadSpeed, meters: (all.meters[i] ?? 0) + legMeters, method: 'road' };
  };
}

function nearestNode(network: RoadNetwork, point: LatLon): { id: string; meters: number } | null {
  const row = Math.floor(point.lat / network.cellDeg);
  const col = Math.floor(point.lon / network.cellDeg);
  let best: { id: string; meters: number } | null = null;
  for (let dr = -1; dr <= 1; dr++) {
    for (let dc = -1; dc <= 1; dc++) {
      for (const id of network.cells.get(`${row + dr}:${col + dc}`) ?? []) {
        const node = network.graph.getNode(id);
        if (!node) continue;
        const meters = distanceMeters(point, node.data);
        if (meters <= SNAP_METERS && (!best || meters < best.meters)) best = { id, meters };
      }
    }
  }
  return best;
}

/**
 * Fastest road time from `from` to `to`: the legs to and from the road at the straight-line rule, the rest along
 * the roads. Null when either end is farther than SNAP_METERS from a road or no road path joins them.
 */
export function travelByRoad(
  network: RoadNetwork,
  from: LatLon,
  to: LatLon,
  offRoad: EtaOptions = DEFAULT_ETA,
): TravelEstimate | null {
  const start = nearestNode(network, from);
  const end = nearestNode(network, to);
  if (!start || !end) return null;
  const offRoadSpeed = (offRoad.speedKmh * 1000) / 3600;
  const legMeters = (start.meters + end.meters) * offRoad.roadFactor;
  let seconds = legMeters / offRoadSpeed;
  let meters = legMeters;
  if (start.id !== end.id) {
    // ngraph.path returns the path from the end back to the start; an empty list means no path.
    const path = network.finder.find(start.id, end.id);
    if (path.length === 0) return null;
    for (let i = 0; i + 1 < path.length; i++) {
      const a = path[i];
      const b = path[i + 1];
      const link = a && b ? (network.graph.getLink(a.id, b.id) ?? network.graph.getLink(b.id, a.id)) : undefined;
      if (!link) return null;
      seconds += link.data.seconds;
      meters += link.data.meters;
    }
  }
  return { seconds, meters, method: 'road' };
}

/** The ranking's estimator over a network (or none: straight line for everyone). */
export function roadEstimator(
  network: RoadNetwork | null,
  offRoad: EtaOptions = DEFAULT_ETA,
): TravelEstimator | undefined {
  return network ? (to) => travelTimesTo(network, to, offRoad) : undefined;
}
