// Brings a point chosen elsewhere (a search result) into view, zoomed in enough to check it on the map.
import { useEffect } from 'react';
import { useMap } from 'react-leaflet';
import type { LatLon } from '../../shared/cluster';

export function PanTo({ point, zoom = 14 }: { point: LatLon | null; zoom?: number }) {
  const map = useMap();
  useEffect(() => {
    if (point) map.setView([point.lat, point.lon], Math.max(map.getZoom(), zoom));
  }, [map, point, zoom]);
  return null;
}
