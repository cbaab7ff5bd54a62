// The SOS officer on the console's map: a big red marker at the latest fix (or the SOS's own fix, or the
// post), its live track (the stored trail, fetched once, then every fix as it arrives), and the map
// centred on it when the SOS comes in or is selected.
import { ownRecord } from '../../shared/ids';
import { Fragment, useEffect, useMemo, useRef, useState } from 'react';
import L from 'leaflet';
import { Marker, Polyline, Tooltip, useMap } from 'react-leaflet';
import type { LatLon } from '../../shared/cluster';
import type { DispatchRequest, DispatchState } from '../../shared/domain';
import type { OfficerPosition } from '../../shared/protocol';
import { openSosRequests } from '../../shared/sos';
import { useDispatchClient } from '../net/react';

/** Fixes of the track kept per officer (the server keeps 20; a long SOS keeps more here). */
const TRACK_LIMIT = 300;
const SOS_ZOOM = 15;
const TRACK_STYLE = { color: '#dc2626', weight: 4, opacity: 0.9 };

export interface SosMapLayerProps {
  state: DispatchState;
  positions: Readonly<Record<string, OfficerPosition>>;
  now: number;
  selectedId: string | null;
  /** "SOS PL-1 · 5 giây" */
  label: (officerId: string, fixAgeMs: number | null) => string;
}

type TrackPoint = Pick<OfficerPosition, 'lat' | 'lon' | 'receivedAt'>;

/** The points of both, each fix once, in the order they reached the server. */
function merge(track: readonly TrackPoint[], more: readonly TrackPoint[]): TrackPoint[] {
  const byTime = new Map<number, TrackPoint>();
  for (const p of [...track, ...more]) byTime.set(p.receivedAt, { lat: p.lat, lon: p.lon, receivedAt: p.receivedAt });
  return [...byTime.values()].sort((a, b) => a.receivedAt - b.receivedAt).slice(-TRACK_LIMIT);
}

function where(request: DispatchRequest, fix: OfficerPosition | undefined): LatLon {
  if (fix) return { lat: fix.lat, lon: fix.lon };
  return request.sos?.fix ?? request.location;
}

const sosIcon = L.divIcon({
  className: 'grd-sos-marker',
  html: '<span aria-hidden="true">SOS</span>',
  iconSize: [44, 44],
  iconAnchor: [22, 22],
});

export function SosMapLayer({ state, positions, now, selectedId, label }: SosMapLayerProps) {
  const client = useDispatchClient();
  const map = useMap();
  const open = useMemo(() => openSosRequests(state), [state]);
  const [tracks, setTracks] = useState<ReadonlyMap<string, readonly TrackPoint[]>>(new Map());
  const fetched = useRef(new Set<string>());
  const centred = useRef(new Set<string>());
  // SVG, not the map's canvas: the track is one element a test (or a person with devtools) can find.
  const trackRenderer = useMemo(() => L.svg({ padding: 0.5 }), []);
  const latest = useRef(positions);
  useEffect(() => {
    latest.current = positions;
  }, [positions]);

  // Seed each SOS officer's track from the server's trail once.
  useEffect(() => {
    for (const r of open) {
      const officerId = r.sos?.officerId;
      if (!officerId || fetched.current.has(officerId)) continue;
      fetched.current.add(officerId);
      void client.fetchTrail(officerId).then((trail) => {
        setTracks((current) => new Map(current).set(officerId, merge(current.get(officerId) ?? [], trail)));
      });
    }
  }, [open, client]);

  // Then every new fix of an SOS officer extends its track.
  useEffect(() => {
    setTracks((current) => {
      let next: Map<string, readonly TrackPoint[]> | null = null;
      for (const r of open) {
        const officerId = r.sos?.officerId ?? '';
        const fix = ownRecord(positions, officerId);
        const track = current.get(officerId) ?? [];
        if (!fix || (track.at(-1)?.receivedAt ?? 0) >= fix.receivedAt) continue;
        next ??= new Map(current);
        next.set(officerId, merge(track, [fix]));
      }
      return next ?? current;
    });
  }, [open, positions]);

  // Centre on an SOS when it comes in, and whenever a dispatcher selects it.
  useEffect(() => {
    const target = open.find((r) => r.id === selectedId) ?? open.find((r) => !centred.current.has(r.id));
    if (!target?.sos) return;
    const selected = target.id === selectedId;
    if (!selected && centred.current.has(target.id)) return;
    centred.current.add(target.id);
    // Only on arrival or selection, not on every fix (positions are read, not followed): the dispatcher may pan away.
    const at = where(target, ownRecord(latest.current, target.sos.officerId));
    map.setView([at.lat, at.lon], Math.max(map.getZoom(), SOS_ZOOM), { animate: false });
  }, [open, selectedId, map]);

  return (
    <>
      {open.map((r) => {
        const officerId = r.sos?.officerId ?? '';
        const fix = ownRecord(positions, officerId);
        const at = where(r, fix);
        const track = tracks.get(officerId) ?? [];
        const age = fix ? Math.max(0, now - fix.receivedAt) : null;
        return (
          <Fragment key={r.id}>
            {track.length > 1 && (
              <Polyline
                positions={track.map((p) => [p.lat, p.lon] as [number, number])}
                interactive={false}
                renderer={trackRenderer}
                className="grd-sos-track"
                pathOptions={TRACK_STYLE}
              />
            )}
            <Marker
              position={[at.lat, at.lon]}
              icon={sosIcon}
              title={label(officerId, age)}
              alt={label(officerId, age)}
              zIndexOffset={2000}
              keyboard={false}
            >
              <Tooltip permanent direction="top" offset={[0, -22]} className="grd-sos-label">
                {label(officerId, age)}
              </Tooltip>
            </Marker>
          </Fragment>
        );
      })}
    </>
  );
}
