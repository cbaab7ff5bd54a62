import { describe, expect, it } from 'vitest';
import type { MapPlace } from '../../shared/map-data';
import { foldVietnamese, nearestPlace, searchPlaces } from '../../shared/place-search';
import { cluster2025 as cluster } from '../support/cluster-fixture';

const place = (id: number, name: string, lat: number, lon: number): MapPlace => ({
  id,
  kind: 'village',
  name,
  lat,
  lon,
  commune: 'phu-long',
});
const PLACES = [
  place(1, 'Thôn Đồng Bài', 20.21, 105.75),
  place(2, 'Thôn Bãi Đồng', 20.22, 105.76),
  place(3, 'Xóm Mới', 20.23, 105.77),
  place(4, 'Thôn Đông Sơn', 20.3, 105.66),
];

describe('finding a place by name', () => {
  it('folds Vietnamese accents and đ', () => {
    expect(foldVietnamese('  Thôn  ĐỒNG Bài ')).toBe('thon dong bai');
  });

  it('finds villages with or without accents and without "thôn", best match first', () => {
    expect(searchPlaces('thon dong bai', PLACES, cluster).map((m) => m.name)).toEqual([
      'Thôn Đồng Bài',
      'Thôn Bãi Đồng',
    ]);
    expect(searchPlaces('Đồng', PLACES, cluster).map((m) => m.name)).toEqual([
      'Thôn Đồng Bài',
      'Thôn Đông Sơn',
      'Thôn Bãi Đồng',
    ]);
    expect(searchPlaces('xom moi', PLACES, cluster)[0]).toMatchObject({ name: 'Xóm Mới', location: { lat: 20.23 } });
  });

  it('finds a merged commune by a former name', () => {
    const [match] = searchPlaces('ky phu', PLACES, cluster);
    expect(match).toMatchObject({ name: 'xã Phú Long', kind: 'commune', commune: 'phu-long' });
  });

  it('gives nothing for one letter or only filler words', () => {
    expect(searchPlaces('t', PLACES, cluster)).toEqual([]);
    expect(searchPlaces('thôn', PLACES, cluster)).toEqual([]);
  });

  it('names the nearest village within reach, and none far away', () => {
    expect(nearestPlace({ lat: 20.2105, lon: 105.7502 }, PLACES)?.name).toBe('Thôn Đồng Bài');
    expect(nearestPlace({ lat: 20.5, lon: 105.9 }, PLACES)).toBeNull();
  });
});
