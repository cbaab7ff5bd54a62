// Geometry for simulated movement: random points inside a commune area and steps along a straight leg.
import type { AreaFeature, LatLon } from '../shared/cluster';
import { distanceMeters, pointInRing } from '../shared/geo';
import type { Rng } from './random';

function outerRings(area: AreaFeature): number[][][] {
  return area.geometry.type === 'Polygon'
    ? area.geometry.coordinates.slice(0, 1)
    : area.geometry.coordinates.map((polygon) => polygon[0] ?? []);
}

export function isInsideArea(point: LatLon, area: AreaFeature): boolean {
  const polygons = area.geometry.type === 'Polygon' ? [area.geometry.coordinates] : area.geometry.coordinates;
  return polygons.some(
    ([outer, ...holes]) =>
      outer !== undefined && pointInRing(point, outer) && !holes.some((h) => pointInRing(point, h)),
  );
}

/** A uniformly random point inside the area (rejection sampling in its bounding box). */
export function randomPointInArea(area: AreaFeature, rng: Rng): LatLon {
  const coords = outerRings(area).flat();
  const lons = coords.map((p) => p[0] ?? 0);
  const lats = coords.map((p) => p[1] ?? 0);
  const [west, east, south, north] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  for (let tries = 0; tries < 1000; tries++) {
    const point = { lat: south + (north - south) * rng.next(), lon: west + (east - west) * rng.next() };
    if (isInsideArea(point, area)) return point;
  }
  // A degenerate area: its first vertex is still inside the cluster.
  return { lat: lats[0] ?? 0, lon: lons[0] ?? 0 };
}

/** The point `meters` along the straight line from `from` to `to`, or `to` when it is closer than that. */
export function stepToward(from: LatLon, to: LatLon, meters: number): { point: LatLon; arrived: boolean } {
  const total = distanceMeters(from, to);
  if (total <= meters || total === 0) return { point: to, arrived: true };
  const f = meters / total;
  return {
    point: { lat: from.lat + (to.lat - from.lat) * f, lon: from.lon + (to.lon - from.lon) * f },
    arrived: false,
  };
}

/** Compass bearing from `from` to `to` in degrees (0 = north), as a phone reports its heading. */
export function bearingDegrees(from: LatLon, to: LatLon): number {
  const toRad = (d: number) => (d * Math.PI) / 180;
  const y = Math.sin(toRad(to.lon - from.lon)) * Math.cos(toRad(to.lat));
  const x =
    Math.cos(toRad(from.lat)) * Math.sin(toRad(to.lat)) -
    Math.sin(toRad(from.lat)) * Math.cos(toRad(to.lat)) * Math.cos(toRad(to.lon - from.lon));
  return ((Math.atan2(y, x) * 180) / Math.PI + 360) % 360;
}
