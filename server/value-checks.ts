// Values that pass the schema but make no sense here: a fix from another day or another country, a
// request placed far outside the cluster. The schema cannot know the cluster or the clock; these can.
import type { Cluster, LatLon } from '../shared/cluster';
import type { PositionReport } from '../shared/commands';

export interface ValueLimits {
  /** How far a fix's device time may be from the server's clock, ms. */
  maxClockSkewMs: number;
  /** How far outside the cluster's map bounds a point may be, km. */
  boundsMarginKm: number;
}

export const DEFAULT_VALUE_LIMITS: ValueLimits = { maxClockSkewMs: 5 * 60_000, boundsMarginKm: 20 };

const KM_PER_DEGREE_LAT = 111.32;

export interface ValueChecks {
  /** Why a point is not plausible for this cluster, or null. */
  location(point: LatLon): string | null;
  /** Why a position report is not plausible now, or null. */
  position(report: PositionReport, now: number): string | null;
}

export function createValueChecks(
  cluster: Pick<Cluster, 'map'>,
  limits: ValueLimits = DEFAULT_VALUE_LIMITS,
): ValueChecks {
  const { south, west, north, east } = cluster.map.bounds;
  const marginLat = limits.boundsMarginKm / KM_PER_DEGREE_LAT;
  const widest = Math.max(Math.abs(south), Math.abs(north));
  const marginLon = limits.boundsMarginKm / (KM_PER_DEGREE_LAT * Math.max(0.01, Math.cos((widest * Math.PI) / 180)));
  const location = (p: LatLon): string | null => {
    const inside =
      p.lat >= south - marginLat &&
      p.lat <= north + marginLat &&
      p.lon >= west - marginLon &&
      p.lon <= east + marginLon;
    return inside ? null : `point ${p.lat},${p.lon} is more than ${limits.boundsMarginKm} km outside the cluster's map`;
  };
  return {
    location,
    position(report, now) {
      const skew = report.at - now;
      if (Math.abs(skew) > limits.maxClockSkewMs) {
        const minutes = Math.round(skew / 60_000);
        return `fix time is ${minutes} min from the server's clock (at most ${limits.maxClockSkewMs / 60_000} min): check the device's clock`;
      }
      return location(report);
    },
  };
}
