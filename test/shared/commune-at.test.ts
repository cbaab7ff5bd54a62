import { describe, expect, it } from 'vitest';
import { communeAt } from '../../shared/commune-at';
import type { LatLon } from '../../shared/cluster';
import { cluster2025 as merged, seedCluster as cluster } from '../support/cluster-fixture';

/** The edges two areas share, as [lon, lat] pairs (a clean coverage repeats them exactly). */
function sharedEdges(a: string, b: string): [number[], number[]][] {
  const ringOf = (id: string) => {
    const f = cluster.areas.features.find((x) => x.properties.commune === id);
    if (!f || f.geometry.type !== 'Polygon') throw new Error(`no polygon for ${id}`);
    return f.geometry.coordinates[0] ?? [];
  };
  const key = (p: number[]) => `${p[0]},${p[1]}`;
  const edgesOf = (ring: number[][]) =>
    new Set(ring.slice(1).map((p, i) => [key(ring[i] ?? []), key(p)].sort().join('|')));
  const other = edgesOf(ringOf(b));
  const ring = ringOf(a);
  return ring
    .slice(1)
    .map((p, i) => [ring[i] ?? [], p] as [number[], number[]])
    .filter(([p, q]) => other.has([key(p), key(q)].sort().join('|')));
}

/** Points 15 m either side of the middle of an edge, perpendicular to it. */
function bothSides([p, q]: [number[], number[]]): [LatLon, LatLon] {
  const [x1 = 0, y1 = 0] = p;
  const [x2 = 0, y2 = 0] = q;
  const mid = { lon: (x1 + x2) / 2, lat: (y1 + y2) / 2 };
  const metresPerDegLon = 111_320 * Math.cos((mid.lat * Math.PI) / 180);
  const dx = (x2 - x1) * metresPerDegLon;
  const dy = (y2 - y1) * 110_574;
  const length = Math.hypot(dx, dy);
  const nx = (-dy / length) * 15;
  const ny = (dx / length) * 15;
  return [
    { lon: mid.lon + nx / metresPerDegLon, lat: mid.lat + ny / 110_574 },
    { lon: mid.lon - nx / metresPerDegLon, lat: mid.lat - ny / 110_574 },
  ];
}

describe('which commune a point is in (real 2019 boundaries)', () => {
  it('puts each post and each commune centre in its own commune', () => {
    for (const c of cluster.communes) {
      expect(communeAt(cluster, c.post.location)).toBe(c.id);
      expect(communeAt(cluster, c.center)).toBe(c.id);
    }
  });

  it.each([
    ['ky-phu', 'thanh-cong'],
    ['ky-phu', 'phu-long'],
    ['cuc-phuong', 'thanh-minh'],
    ['phu-long', 'thanh-van'],
  ])('tells %s from %s 15 m either side of their shared edge', (a, b) => {
    const edges = sharedEdges(a, b);
    expect(edges.length).toBeGreaterThan(3);
    // Long edges only: beside a short one the offset point may fall past a bend into a third commune.
    const long = edges.filter(([p, q]) => Math.hypot((q[0] ?? 0) - (p[0] ?? 0), (q[1] ?? 0) - (p[1] ?? 0)) > 0.0008);
    expect(long.length).toBeGreaterThan(0);
    for (const edge of long) {
      const sides = bothSides(edge).map((point) => communeAt(cluster, point));
      expect(sides.sort()).toEqual([a, b].sort());
    }
  });

  it('answers a commune for a vertex on a shared edge (no gap between areas)', () => {
    const [edge] = sharedEdges('ky-phu', 'thanh-cong');
    const [lon = 0, lat = 0] = edge?.[0] ?? [];
    expect(['ky-phu', 'thanh-cong']).toContain(communeAt(cluster, { lat, lon }));
  });

  it('answers null outside the cluster and for points that are not numbers', () => {
    expect(communeAt(cluster, { lat: 20.25, lon: 105.9 })).toBeNull(); // east of Phú Long, Gia Viễn side
    expect(communeAt(cluster, { lat: 21.03, lon: 105.85 })).toBeNull(); // Hà Nội
    expect(communeAt(cluster, { lat: Number.NaN, lon: 105.7 })).toBeNull();
  });

  it('maps a 2019 point to its 2025 commune', () => {
    const post = (id: string) => cluster.communes.find((c) => c.id === id)?.post.location ?? { lat: 0, lon: 0 };
    expect(communeAt(merged, post('ky-phu'))).toBe('phu-long');
    expect(communeAt(merged, post('thanh-cong'))).toBe('van-du');
    expect(communeAt(merged, post('thanh-van'))).toBe('van-du');
    expect(communeAt(merged, post('thanh-minh'))).toBe('thanh-vinh');
    expect(communeAt(merged, post('cuc-phuong'))).toBe('cuc-phuong');
  });
});
