// Roads and villages from the OpenStreetMap import, between the commune areas and the markers: roads by class
// (wider and darker for national and provincial roads), numbered roads and villages labelled once the map is
// zoomed in enough for the labels not to crowd the commune names. Credited while drawn.
import { useMemo, useState } from 'react';
import L from 'leaflet';
import { Marker, Polyline, useMapEvents } from 'react-leaflet';
import type { MapData, RoadClass } from '../../shared/map-data';
import { Attribution } from './map-control';

const ROAD_STYLES: Record<RoadClass, L.PathOptions> = {
  motorway: { color: '#b45309', weight: 5 },
  trunk: { color: '#b45309', weight: 5 },
  primary: { color: '#c2410c', weight: 4 },
  secondary: { color: '#d97706', weight: 3.5 },
  tertiary: { color: '#a16207', weight: 3 },
  unclassified: { color: '#78716c', weight: 2 },
  residential: { color: '#78716c', weight: 1.5 },
  living_street: { color: '#78716c', weight: 1.5 },
  service: { color: '#a8a29e', weight: 1 },
  track: { color: '#a8a29e', weight: 1, dashArray: '4 3' },
};
/** Villages are named from this zoom on; below it they would sit on top of each other and the communes. */
export const PLACE_LABEL_ZOOM = 13;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function OsmLayer({ data, attribution }: { data: MapData; attribution: string }) {
  const [zoom, setZoom] = useState<number | null>(null);
  const map = useMapEvents({ zoomend: () => setZoom(map.getZoom()) });
  const currentZoom = zoom ?? map.getZoom();
  const roads = useMemo(
    () =>
      data.roads.map((road, i) => ({
        key: `${road.id}-${i}`,
        positions: road.coordinates.map(([lon, lat]) => [lat, lon] as [number, number]),
        style: { ...ROAD_STYLES[road.class], opacity: 0.85 },
        title: [road.ref, road.name].filter(Boolean).join(' · '),
      })),
    [data],
  );
  const placeIcons = useMemo(
    () =>
      data.places.map((p) => ({
        place: p,
        icon: L.divIcon({
          className: 'grd-place-label',
          html: `<span>${escapeHtml(p.name)}</span>`,
          iconSize: [0, 0],
        }),
      })),
    [data],
  );
  return (
    <>
      <Attribution text={attribution} />
      {roads.map((r) => (
        <Polyline key={r.key} positions={r.positions} pathOptions={r.style} interactive={false} className="grd-road" />
      ))}
      {currentZoom >= PLACE_LABEL_ZOOM &&
        placeIcons.map(({ place, icon }) => (
          <Marker key={place.id} position={[place.lat, place.lon]} icon={icon} interactive={false} keyboard={false} />
        ))}
    </>
  );
}
