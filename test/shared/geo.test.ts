import { describe, expect, it } from 'vitest';
import { distanceMeters, etaSeconds, pointInRing } from '../../shared/geo';

describe('geo', () => {
  it('measures a degree of latitude as about 111 km', () => {
    expect(distanceMeters({ lat: 20, lon: 105 }, { lat: 21, lon: 105 })).toBeCloseTo(111_195, -2);
  });

  it('measures Phú Long to Kỳ Phú centres as about 5.7 km', () => {
    const d = distanceMeters({ lat: 20.19944, lon: 105.79944 }, { lat: 20.2166, lon: 105.7484 });
    expect(d).toBeGreaterThan(5_300);
    expect(d).toBeLessThan(5_900);
  });

  it('scales the ETA by the road factor and the speed', () => {
    const a = { lat: 20, lon: 105 };
    const b = { lat: 20.1, lon: 105 };
    const straight = etaSeconds(a, b, { roadFactor: 1, speedKmh: 36 });
    expect(straight).toBeCloseTo(distanceMeters(a, b) / 10, 5);
    expect(etaSeconds(a, b, { roadFactor: 2, speedKmh: 36 })).toBeCloseTo(straight * 2, 5);
  });

  it('tells whether a point lies inside a ring', () => {
    const square = [
      [105, 20],
      [106, 20],
      [106, 21],
      [105, 21],
      [105, 20],
    ];
    expect(pointInRing({ lat: 20.5, lon: 105.5 }, square)).toBe(true);
    expect(pointInRing({ lat: 21.5, lon: 105.5 }, square)).toBe(false);
  });
});
