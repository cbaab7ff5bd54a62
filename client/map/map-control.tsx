// A Leaflet control whose content is React: the legend and the "fit the cluster" button live in the map's
// corners like the zoom buttons, and clicks on them do not reach the map (no stray request location).
import { useEffect, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import L from 'leaflet';
import { useMap } from 'react-leaflet';

export function MapControl({
  position,
  className,
  children,
}: {
  position: L.ControlPosition;
  className: string;
  children: ReactNode;
}) {
  const map = useMap();
  const [container, setContainer] = useState<HTMLElement | null>(null);
  useEffect(() => {
    const control = new L.Control({ position });
    control.onAdd = () => {
      const div = L.DomUtil.create('div', `leaflet-control ${className}`);
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    control.addTo(map);
    setContainer(control.getContainer() ?? null);
    return () => {
      control.remove();
      setContainer(null);
    };
  }, [map, position, className]);
  return container ? createPortal(children, container) : null;
}

/** Credits one drawn source in the map's attribution while it is mounted, and only then. */
export function Attribution({ text }: { text: string }) {
  const map = useMap();
  useEffect(() => {
    const control = map.attributionControl;
    if (!control || !text) return;
    control.addAttribution(text);
    return () => {
      control.removeAttribution(text);
    };
  }, [map, text]);
  return null;
}
