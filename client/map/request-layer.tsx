// Requests on the map: DOM markers (few of them) that pulse until someone is assigned, and a line from
// each responder's last position to the request.
import { memo, useMemo } from 'react';
import L from 'leaflet';
import { Marker, Polyline } from 'react-leaflet';
import type { LatLon } from '../../shared/cluster';
import type { Priority } from '../../shared/domain';

export interface RequestMarkerData {
  id: string;
  number: number;
  priority: Priority;
  location: LatLon;
  /** True while no responder is assigned. */
  pulse: boolean;
  /** Accessible name and hover text. */
  title: string;
}

export interface ResponderLine {
  key: string;
  from: LatLon;
  to: LatLon;
  /** Accepted or moving (solid) vs waiting for an answer (dashed). */
  confirmed: boolean;
}

export interface RequestLayerProps {
  requests: readonly RequestMarkerData[];
  lines: readonly ResponderLine[];
  selectedId?: string | null;
  onSelect?: (id: string) => void;
}

function requestIcon(r: RequestMarkerData, selected: boolean): L.DivIcon {
  const classes = ['grd-request-marker', r.priority, r.pulse ? 'pulse' : '', selected ? 'selected' : ''];
  return L.divIcon({
    className: classes.filter(Boolean).join(' '),
    html: `<span aria-hidden="true">${r.number}</span>`,
    iconSize: [28, 28],
    iconAnchor: [14, 14],
  });
}

function RequestMarker({
  request,
  selected,
  onSelect,
}: {
  request: RequestMarkerData;
  selected: boolean;
  onSelect?: (id: string) => void;
}) {
  const icon = useMemo(() => requestIcon(request, selected), [request, selected]);
  return (
    <Marker
      position={[request.location.lat, request.location.lon]}
      icon={icon}
      title={request.title}
      alt={request.title}
      zIndexOffset={selected ? 1000 : 500}
      keyboard={Boolean(onSelect)}
      interactive={Boolean(onSelect)}
      eventHandlers={onSelect ? { click: () => onSelect(request.id) } : {}}
    />
  );
}

// Memoised: the console re-renders each second for its timers, and every new `positions` array or
// `pathOptions` object would make react-leaflet redraw each line although nothing moved.
export const RequestLayer = memo(function RequestLayer({ requests, lines, selectedId, onSelect }: RequestLayerProps) {
  return (
    <>
      {lines.map((l) => (
        <Polyline
          key={l.key}
          positions={[
            [l.from.lat, l.from.lon],
            [l.to.lat, l.to.lon],
          ]}
          interactive={false}
          pathOptions={{ color: '#c2410c', weight: 3, opacity: 0.9, dashArray: l.confirmed ? undefined : '6 6' }}
        />
      ))}
      {requests.map((r) => (
        <RequestMarker key={r.id} request={r} selected={r.id === selectedId} onSelect={onSelect} />
      ))}
    </>
  );
});
