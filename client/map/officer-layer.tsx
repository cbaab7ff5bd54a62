// Officers on the map: canvas circle markers (cheap to move many of them) coloured by status, with the
// call sign and the age of the last fix; a stale look once the fix is older than STALE_FIX_MS.
import { CircleMarker, Tooltip } from 'react-leaflet';
import type { LatLon } from '../../shared/cluster';
import { OFFICER_STATUS_COLOURS, STALE_FIX_MS, type OfficerMapStatus } from './area-style';

export interface OfficerMarkerData {
  id: string;
  callsign: string;
  status: OfficerMapStatus;
  online: boolean;
  position: LatLon;
  /** When the fix reached the server (ms, server clock). */
  fixAt: number;
}

export interface OfficerLayerProps {
  officers: readonly OfficerMarkerData[];
  /** Server-clock now, ms. */
  now: number;
  /** The label beside the marker, e.g. "PL-1 · 12 giây". */
  label: (officer: OfficerMarkerData, fixAgeMs: number) => string;
}

export function isStaleFix(fixAt: number, now: number): boolean {
  return now - fixAt > STALE_FIX_MS;
}

export function OfficerLayer({ officers, now, label }: OfficerLayerProps) {
  return (
    <>
      {officers.map((o) => {
        const age = Math.max(0, now - o.fixAt);
        const stale = isStaleFix(o.fixAt, now) || !o.online;
        const colour = OFFICER_STATUS_COLOURS[o.status];
        return (
          <CircleMarker
            key={o.id}
            center={[o.position.lat, o.position.lon]}
            radius={8}
            pathOptions={{
              color: stale ? '#6b7280' : '#ffffff',
              weight: 2,
              dashArray: stale ? '3 3' : undefined,
              fillColor: colour,
              fillOpacity: stale ? 0.35 : 0.95,
            }}
          >
            <Tooltip
              permanent
              direction="right"
              offset={[8, 0]}
              className={`grd-officer-label${stale ? ' stale' : ''}`}
            >
              {label(o, age)}
            </Tooltip>
          </CircleMarker>
        );
      })}
    </>
  );
}
