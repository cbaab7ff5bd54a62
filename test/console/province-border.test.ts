import { describe, expect, it } from 'vitest';
import { joinSegments, provinceBorderSegments } from '../../client/map/province-border';
import { distanceMeters } from '../../shared/geo';
import { cluster } from './events';

describe('province border from the commune areas', () => {
  it('is made of the edges shared by communes of different provinces only', () => {
    const segments = provinceBorderSegments(cluster);
    // Ninh Bình and Thanh Hóa meet along Phú Long–Thành Vân, Kỳ Phú–Thành Vân/Thành Công/Thành Minh, Cúc Phương–Thành Minh.
    expect(segments.length).toBeGreaterThanOrEqual(5);
    const ky = [105.81076, 20.30583];
    const pl = [105.76626, 20.18769];
    // The Phú Long–Kỳ Phú edge is inside Ninh Bình: not part of the border.
    const internal = segments.some(
      ([a, b]) =>
        (a.lon === ky[0] && a.lat === ky[1] && b.lon === pl[0] && b.lat === pl[1]) ||
        (b.lon === ky[0] && b.lat === ky[1] && a.lon === pl[0] && a.lat === pl[1]),
    );
    expect(internal).toBe(false);
  });

  it('joins into one continuous line from one end of the cluster to the other', () => {
    const lines = joinSegments(provinceBorderSegments(cluster));
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? [];
    const first = line[0];
    const last = line[line.length - 1];
    if (!first || !last) throw new Error('empty line');
    // The ends lie on the outer hull, several kilometres apart.
    expect(distanceMeters(first, last)).toBeGreaterThan(10_000);
  });

  it('is empty when every commune is in one province', () => {
    const oneProvince = { ...cluster, communes: cluster.communes.map((c) => ({ ...c, province: 'X' })) };
    expect(provinceBorderSegments(oneProvince)).toEqual([]);
  });
});
