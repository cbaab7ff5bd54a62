// The cluster drawn from local data: the real commune areas, the province border, roads and posts, over a raster
// tile layer. Everything but the tiles comes from the cluster file, so the map stays complete offline. The
// attribution names only what is drawn: the boundaries always, the tiles once one has loaded.
import 'leaflet/dist/leaflet.css';
import './map.css';
import { useMemo, useState, type ReactNode } from 'react';
import L from 'leaflet';
import { MapContainer, Marker, Polygon, Polyline, ScaleControl, TileLayer, Tooltip, useMapEvents } from 'react-leaflet';
import type { MapSources } from '../../shared/api';
import type { AreaFeature, Cluster, LatLon } from '../../shared/cluster';
import { communeColours } from './area-style';
import { FitCluster } from './fit-cluster';
import { Attribution } from './map-control';
import { MapLegend } from './map-legend';
import { OsmLayer } from './osm-layer';
import { PmtilesLayer } from './pmtiles-layer';
import { useMapData } from './use-map-data';
import { joinSegments, provinceBorderSegments } from './province-border';

export interface TileConfig {
  url: string;
  attribution: string;
}

export interface ClusterMapProps {
  cluster: Cluster;
  /** Raster tiles under the local layers; null draws the local layers alone. */
  tiles: TileConfig | null;
  /** The server's own basemap (used instead of `tiles`) and roads and places. */
  sources?: MapSources | undefined;
  /** Accessible name of the map region. */
  label: string;
  /** Name shown on a post marker (defaults to the post's name from the cluster file). */
  postTitle?: (communeId: string) => string;
  onMapClick?: (point: LatLon) => void;
  /** The legend lists officer and request marks too (the console's live map). */
  live?: boolean;
  className?: string;
  children?: ReactNode;
}

type LatLngTuple = [number, number];

const ROAD_STYLE: L.PathOptions = { color: '#7c2d12', weight: 3, opacity: 0.8 };
const BORDER_STYLE: L.PathOptions = { color: '#111827', weight: 5, dashArray: '12 8', opacity: 0.85 };

const toTuple = (p: LatLon): LatLngTuple => [p.lat, p.lon];
const ringToTuples = (ring: number[][]): LatLngTuple[] => ring.map((p) => [p[1] ?? 0, p[0] ?? 0]);

function areaPositions(feature: AreaFeature): LatLngTuple[][] | LatLngTuple[][][] {
  return feature.geometry.type === 'Polygon'
    ? feature.geometry.coordinates.map(ringToTuples)
    : feature.geometry.coordinates.map((poly) => poly.map(ringToTuples));
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function labelIcon(text: string, colour: string): L.DivIcon {
  return L.divIcon({
    className: 'grd-area-label',
    html: `<span style="border-color:${colour}">${escapeHtml(text)}</span>`,
    iconSize: [0, 0],
  });
}

function postIcon(code: string): L.DivIcon {
  return L.divIcon({
    className: 'grd-post-marker',
    html: `<span aria-hidden="true">${escapeHtml(code)}</span>`,
    iconSize: [30, 30],
    iconAnchor: [15, 15],
  });
}

/** The published border when the file has one (it runs past the cluster), else the areas' shared edges. */
function borderLines(cluster: Cluster): LatLngTuple[][] {
  if (cluster.border) {
    return cluster.border.features.flatMap((f) =>
      (f.geometry.type === 'LineString' ? [f.geometry.coordinates] : f.geometry.coordinates).map((line) =>
        line.map((p) => [p[1] ?? 0, p[0] ?? 0] as LatLngTuple),
      ),
    );
  }
  return joinSegments(provinceBorderSegments(cluster)).map((l) => l.map(toTuple));
}

/** Raster tiles whose credit joins the attribution once a tile has actually been drawn. */
function CreditedTiles({ tiles }: { tiles: TileConfig }) {
  const [drawn, setDrawn] = useState(false);
  return (
    <>
      <TileLayer url={tiles.url} maxZoom={19} eventHandlers={drawn ? {} : { tileload: () => setDrawn(true) }} />
      {drawn && <Attribution text={tiles.attribution} />}
    </>
  );
}

function ClickHandler({ onClick }: { onClick: (point: LatLon) => void }) {
  useMapEvents({ click: (e) => onClick({ lat: e.latlng.lat, lon: e.latlng.lng }) });
  return null;
}

export function ClusterMap({
  cluster,
  tiles,
  sources,
  label,
  postTitle,
  onMapClick,
  live = false,
  className,
  children,
}: ClusterMapProps) {
  const colours = useMemo(() => communeColours(cluster), [cluster]);
  const mapData = useMapData(sources?.mapData);
  // The few static shapes (areas, border, roads) go to SVG, so each is an element one can inspect and
  // test; the map's default canvas renderer (preferCanvas) is left to the many moving markers.
  const staticRenderer = useMemo(() => L.svg({ padding: 0.5 }), []);
  // Icons built once per cluster: a new icon object makes Leaflet rebuild the marker's DOM.
  const icons = useMemo(
    () =>
      new Map(
        cluster.communes.map((c) => [
          c.id,
          { label: labelIcon(c.name, colours[c.id] ?? '#555'), post: postIcon(c.code) },
        ]),
      ),
    [cluster, colours],
  );
  const border = useMemo(() => borderLines(cluster), [cluster]);
  // Positions and styles kept from one render to the next: react-leaflet redraws a path whenever its
  // `positions` or `pathOptions` is a new object, and the console re-renders the map every second.
  const areas = useMemo(
    () =>
      cluster.areas.features.map((feature) => {
        const colour = colours[feature.properties.commune] ?? '#555';
        return {
          commune: feature.properties.commune,
          positions: areaPositions(feature),
          pathOptions: { color: colour, weight: 2, fillColor: colour, fillOpacity: 0.22 },
        };
      }),
    [cluster, colours],
  );
  const roads = useMemo(
    () =>
      (cluster.roads?.features ?? []).map((road) =>
        road.geometry.coordinates.map((p) => [p[1] ?? 0, p[0] ?? 0] as LatLngTuple),
      ),
    [cluster],
  );
  const bounds = useMemo<[LatLngTuple, LatLngTuple]>(() => {
    const b = cluster.map.bounds;
    return [
      [b.south, b.west],
      [b.north, b.east],
    ];
  }, [cluster]);
  return (
    <section className={`grd-map ${className ?? ''}`} aria-label={label} data-testid="cluster-map">
      <MapContainer bounds={bounds} preferCanvas zoomSnap={0.25} className="grd-map-canvas" attributionControl>
        {sources?.basemap ? (
          <PmtilesLayer source={sources.basemap} />
        ) : (
          tiles && tiles.url && <CreditedTiles tiles={tiles} />
        )}
        {cluster.areas.attribution && <Attribution text={cluster.areas.attribution} />}
        {areas.map((area) => (
          <Polygon
            key={area.commune}
            positions={area.positions}
            interactive={false}
            renderer={staticRenderer}
            pathOptions={area.pathOptions}
            // Leaflet reads className only when it creates the path, so it is an option, not a style.
            className={`grd-area grd-area-${area.commune}`}
          />
        ))}
        {roads.map((positions, i) => (
          <Polyline
            key={`road-${i}`}
            positions={positions}
            interactive={false}
            renderer={staticRenderer}
            pathOptions={ROAD_STYLE}
            className="grd-road"
          />
        ))}
        {mapData && sources?.mapData && <OsmLayer data={mapData} attribution={sources.mapData.attribution} />}
        <Polyline
          positions={border}
          interactive={false}
          renderer={staticRenderer}
          pathOptions={BORDER_STYLE}
          className="grd-province-border"
        />
        {cluster.communes.map((c) => (
          <Marker
            key={`label-${c.id}`}
            position={toTuple(c.center)}
            icon={icons.get(c.id)?.label ?? labelIcon(c.name, '#555')}
            interactive={false}
            keyboard={false}
          />
        ))}
        {cluster.communes.map((c) => (
          <Marker
            key={`post-${c.id}`}
            position={toTuple(c.post.location)}
            icon={icons.get(c.id)?.post ?? postIcon(c.code)}
            title={postTitle ? postTitle(c.id) : c.post.name}
            alt={c.post.name}
            keyboard={false}
          >
            <Tooltip direction="top" offset={[0, -14]}>
              {postTitle ? postTitle(c.id) : c.post.name}
            </Tooltip>
          </Marker>
        ))}
        <ScaleControl position="bottomright" imperial={false} />
        <FitCluster bounds={bounds} />
        <MapLegend live={live} roads={(cluster.roads?.features.length ?? 0) > 0 || (mapData?.roads.length ?? 0) > 0} />
        {onMapClick && <ClickHandler onClick={onMapClick} />}
        {children}
      </MapContainer>
    </section>
  );
}
