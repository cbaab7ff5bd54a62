// The offline basemap: a raster PMTiles file served by our own server, read with HTTP range requests by the
// pmtiles package's Leaflet layer (decoded tiles become blob: image URLs). Its credit joins the attribution
// once a tile has been drawn, like the online tiles.
import { useEffect, useState } from 'react';
import L from 'leaflet';
import { leafletRasterLayer, PMTiles } from 'pmtiles';
import { useMap } from 'react-leaflet';
import type { MapSource } from '../../shared/api';
import { Attribution } from './map-control';

export function PmtilesLayer({ source }: { source: MapSource }) {
  const map = useMap();
  const [drawn, setDrawn] = useState(false);
  useEffect(() => {
    let layer: L.GridLayer | null = null;
    let cancelled = false;
    const archive = new PMTiles(source.url);
    // The header says which zooms and area the file has: past its last zoom Leaflet scales the tiles up
    // instead of asking for tiles that are not there.
    archive.getHeader().then(
      (header) => {
        if (cancelled) return;
        const created = leafletRasterLayer(archive, {
          maxZoom: 19,
          minNativeZoom: header.minZoom,
          maxNativeZoom: header.maxZoom,
          bounds: L.latLngBounds([header.minLat, header.minLon], [header.maxLat, header.maxLon]),
          className: 'grd-basemap',
          attribution: '',
        }) as L.GridLayer;
        created.once('tileload', () => setDrawn(true));
        created.addTo(map);
        created.bringToBack();
        layer = created;
      },
      (err: unknown) => console.warn('basemap not readable', err),
    );
    return () => {
      cancelled = true;
      layer?.remove();
    };
  }, [map, source.url]);
  return drawn ? <Attribution text={source.attribution} /> : null;
}
