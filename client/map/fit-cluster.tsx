// "Fit the cluster": a button that shows every commune again, and the same fit after the map's box changes
// size (window, banner, panel layout) for as long as the dispatcher has not panned or zoomed on purpose.
import { useEffect, useRef } from 'react';
import type L from 'leaflet';
import { useMap } from 'react-leaflet';
import { useT } from '../i18n';
import { messages } from '../i18n/messages/map';
import { MapControl } from './map-control';

export function FitCluster({ bounds }: { bounds: L.LatLngBoundsExpression }) {
  const t = useT(messages);
  const map = useMap();
  const follow = useRef(true);
  const fitting = useRef(false);

  useEffect(() => {
    const fit = () => {
      fitting.current = true;
      map.invalidateSize({ pan: false });
      map.fitBounds(bounds, { padding: [12, 12], animate: false });
      fitting.current = false;
    };
    const userMoved = () => {
      if (!fitting.current) follow.current = false;
    };
    const onFitRequest = () => {
      follow.current = true;
      fit();
    };
    // Leaflet only notices window resizes; the console's panels change the map's size too.
    const observer = new ResizeObserver(() => {
      if (follow.current) fit();
      else map.invalidateSize();
    });
    observer.observe(map.getContainer());
    map.on('dragstart zoomstart', userMoved);
    map.on('grd:fit', onFitRequest);
    return () => {
      observer.disconnect();
      map.off('dragstart zoomstart', userMoved);
      map.off('grd:fit', onFitRequest);
    };
  }, [map, bounds]);

  return (
    <MapControl position="topleft" className="grd-fit leaflet-bar">
      <button
        type="button"
        className="grd-fit-button"
        title={t('map.fitTitle')}
        aria-label={t('map.fitTitle')}
        onClick={() => map.fire('grd:fit')}
      >
        {t('map.fit')}
      </button>
    </MapControl>
  );
}
