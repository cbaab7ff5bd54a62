// The province border, computed from the commune areas: every edge that two areas of different provinces
// share. Deriving it from the areas (not a separate file) keeps it true for whichever cluster is loaded.
import type { AreaFeature, Cluster } from '../../shared/cluster';
import type { LatLon } from '../../shared/cluster';

export type Segment = [LatLon, LatLon];

/** Coordinates are compared after rounding (~1 m) so tiny float noise between files does not hide an edge. */
const PRECISION = 5;

function pointKey(p: readonly number[]): string {
  return `${(p[0] ?? 0).toFixed(PRECISION)},${(p[1] ?? 0).toFixed(PRECISION)}`;
}

function edgeKey(a: readonly number[], b: readonly number[]): string {
  const ka = pointKey(a);
  const kb = pointKey(b);
  return ka < kb ? `${ka}|${kb}` : `${kb}|${ka}`;
}

function rings(feature: AreaFeature): number[][][] {
  return feature.geometry.type === 'Polygon' ? feature.geometry.coordinates : feature.geometry.coordinates.flat();
}

const toLatLon = (p: readonly number[]): LatLon => ({ lat: p[1] ?? 0, lon: p[0] ?? 0 });

/** Segments shared by areas whose communes lie in different provinces. */
export function provinceBorderSegments(cluster: Pick<Cluster, 'communes' | 'areas'>): Segment[] {
  const provinceOf = new Map(cluster.communes.map((c) => [c.id, c.province]));
  const seen = new Map<string, { province: string; segment: Segment }>();
  const border = new Map<string, Segment>();
  for (const feature of cluster.areas.features) {
    const province = provinceOf.get(feature.properties.commune);
    if (province === undefined) continue;
    for (const ring of rings(feature)) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const a = ring[i];
        const b = ring[i + 1];
        if (!a || !b || pointKey(a) === pointKey(b)) continue;
        const key = edgeKey(a, b);
        const other = seen.get(key);
        if (!other) seen.set(key, { province, segment: [toLatLon(a), toLatLon(b)] });
        else if (other.province !== province) border.set(key, other.segment);
      }
    }
  }
  return [...border.values()];
}

/** Joins segments end to end into as few polylines as possible, so the dashes run on without restarting. */
export function joinSegments(segments: readonly Segment[]): LatLon[][] {
  const key = (p: LatLon) => `${p.lat.toFixed(PRECISION)},${p.lon.toFixed(PRECISION)}`;
  const remaining = [...segments];
  const lines: LatLon[][] = [];
  while (remaining.length > 0) {
    const first = remaining.shift() as Segment;
    const line: LatLon[] = [first[0], first[1]];
    let extended = true;
    while (extended) {
      extended = false;
      for (let i = 0; i < remaining.length; i++) {
        const [a, b] = remaining[i] as Segment;
        const head = key(line[0] as LatLon);
        const tail = key(line[line.length - 1] as LatLon);
        if (key(a) === tail) line.push(b);
        else if (key(b) === tail) line.push(a);
        else if (key(b) === head) line.unshift(a);
        else if (key(a) === head) line.unshift(b);
        else continue;
        remaining.splice(i, 1);
        extended = true;
        break;
      }
    }
    lines.push(line);
  }
  return lines;
}
