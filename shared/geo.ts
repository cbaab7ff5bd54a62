// Distances and straight-line ETAs. Pure functions; the road factor and speed are parameters
// because rural roads here wind around karst hills and the right values are the deployment's to set.
import type { LatLon } from './cluster';

const EARTH_RADIUS_M = 6_371_008.8;

const toRad = (deg: number): number => (deg * Math.PI) / 180;

/** Great-circle (haversine) distance in metres. */
export function distanceMeters(a: LatLon, b: LatLon): number {
  const dLat = toRad(b.lat - a.lat);
  const dLon = toRad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface EtaOptions {
  /** Road distance ÷ straight-line distance. */
  roadFactor: number;
  /** Average travel speed, km/h. */
  speedKmh: number;
}

export const DEFAULT_ETA: EtaOptions = { roadFactor: 1.4, speedKmh: 35 };

/** Estimated travel time in seconds along roads, from the straight-line distance. */
export function etaSeconds(from: LatLon, to: LatLon, options: EtaOptions = DEFAULT_ETA): number {
  const roadMeters = distanceMeters(from, to) * options.roadFactor;
  return roadMeters / ((options.speedKmh * 1000) / 3600);
}

/** Ray-casting point-in-polygon on a GeoJSON ring ([lon, lat] pairs). */
export function pointInRing(point: LatLon, ring: readonly (readonly number[])[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi = 0, yi = 0] = ring[i] ?? [];
    const [xj = 0, yj = 0] = ring[j] ?? [];
    const crosses = yi > point.lat !== yj > point.lat && point.lon < ((xj - xi) * (point.lat - yi)) / (yj - yi) + xi;
    if (crosses) inside = !inside;
  }
  return inside;
}
