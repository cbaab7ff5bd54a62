// Which commune a point lies in, against the cluster's real areas (point-in-polygon from turf, which
// handles holes and multipolygons). Used for a picked request location ("thuộc xã Kỳ Phú"), for an officer
// outside the cluster, and for where a suggested officer is now.
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { Cluster, LatLon } from './cluster';

/**
 * The id of the commune whose area holds `point`, or null outside every area. A point exactly on a shared edge
 * belongs to the first area in the file's order, so every point of the cluster has exactly one answer.
 */
export function communeAt(cluster: Pick<Cluster, 'areas'>, point: LatLon): string | null {
  if (!Number.isFinite(point.lat) || !Number.isFinite(point.lon)) return null;
  const area = cluster.areas.features.find((f) => booleanPointInPolygon([point.lon, point.lat], f.geometry));
  return area ? area.properties.commune : null;
}
