// Which commune a point picked on the post's map lies in: the area that contains it, else the commune
// whose centre is nearest (the areas may not cover every field). The real-map work (issue 11) brings
// a shared point-in-polygon helper; this stays a small local answer for the picker's label.
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Cluster, LatLon } from '../../../shared/cluster';
import { distanceMeters } from '../../../shared/geo';

export function pickedCommune(cluster: Pick<Cluster, 'areas' | 'communes'>, point: LatLon): string | null {
  const at: [number, number] = [point.lon, point.lat];
  const inside = cluster.areas.features.find((f) => booleanPointInPolygon(at, f.geometry));
  const id =
    inside?.properties.commune ??
    [...cluster.communes].sort((a, b) => distanceMeters(a.center, point) - distanceMeters(b.center, point))[0]?.id;
  return cluster.communes.find((c) => c.id === id)?.name ?? null;
}
