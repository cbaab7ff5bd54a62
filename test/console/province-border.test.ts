import { describe, expect, it } from 'vitest';
import { joinSegments, provinceBorderSegments } from '../../client/map/province-border';
import type { LatLon } from '../../shared/cluster';
import { distanceMeters } from '../../shared/geo';
import { seedCluster as cluster } from '../support/cluster-fixture';

describe('province border from the commune areas', () => {
  it('is made of the edges shared by communes of different provinces only', () => {
    const segments = provinceBorderSegments(cluster);
    // Ninh Bình and Thanh Hóa meet along Phú Long–Thành Vân, Kỳ Phú–Thành Vân/Thành Công/Thành Minh, Cúc Phương–Thành Minh.
    expect(segments.length).toBeGreaterThanOrEqual(5);
    // The Phú Long–Kỳ Phú edge is inside Ninh Bình: not part of the border.
    const ring = (id: string) => {
      const g = cluster.areas.features.find((f) => f.properties.commune === id)?.geometry;
      return g?.type === 'Polygon' ? (g.coordinates[0] ?? []) : [];
    };
    const inKyPhu = new Set(ring('ky-phu').map((p) => `${p[0]},${p[1]}`));
    const sharedWithPhuLong = ring('phu-long').filter((p) => inKyPhu.has(`${p[0]},${p[1]}`));
    expect(sharedWithPhuLong.length).toBeGreaterThan(3);
    const onBorder = new Set(segments.flatMap((s) => s.map((p) => `${p.lon},${p.lat}`)));
    // Only the edge's two ends (where it meets Thành Vân) may touch the border.
    const internal = sharedWithPhuLong.filter((p) => onBorder.has(`${p[0]},${p[1]}`)).length > 2;
    expect(internal).toBe(false);
  });

  it('joins into lines that lie on the published province border the cluster file ships', () => {
    const lines = joinSegments(provinceBorderSegments(cluster));
    // Between Kỳ Phú and Thành Công the border passes a commune outside the cluster, so there are two pieces.
    expect(lines).toHaveLength(2);
    const published = new Set(
      (cluster.border?.features ?? []).flatMap((f) =>
        (f.geometry.type === 'LineString' ? [f.geometry.coordinates] : f.geometry.coordinates).flatMap((line) =>
          line.map((p) => `${(p[1] ?? 0).toFixed(5)},${(p[0] ?? 0).toFixed(5)}`),
        ),
      ),
    );
    expect(published.size).toBeGreaterThan(100);
    let metres = 0;
    for (const line of lines) {
      for (const p of line) expect(published.has(`${p.lat.toFixed(5)},${p.lon.toFixed(5)}`)).toBe(true);
      for (let i = 1; i < line.length; i++) metres += distanceMeters(line[i - 1] as LatLon, line[i] as LatLon);
    }
    expect(metres).toBeGreaterThan(10_000);
  });

  it('is empty when every commune is in one province', () => {
    const oneProvince = { ...cluster, communes: cluster.communes.map((c) => ({ ...c, province: 'X' })) };
    expect(provinceBorderSegments(oneProvince)).toEqual([]);
  });
});
