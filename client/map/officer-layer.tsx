// Officers on the map: circle markers coloured by status, with the call sign and the age of the last fix; a
// stale look once the fix is older than STALE_FIX_MS, a heavy ring and "!" outside the cluster's areas. They
// sit in their own pane above request and post markers, so an officer standing at a post or on a request is
// never hidden under it, and their labels are decluttered (see declutter.ts) after every change of view.
import { useCallback, useEffect, useMemo, useRef } from 'react';
import L from 'leaflet';
import { CircleMarker, Pane, Tooltip, useMap } from 'react-leaflet';
import type { LatLon } from '../../shared/cluster';
import { OFFICER_STATUS_COLOURS, STALE_FIX_MS, type OfficerMapStatus } from './area-style';
import { labelBox, placeLabels, type Box, type LabelToPlace } from './declutter';

export interface OfficerMarkerData {
  id: string;
  callsign: string;
  status: OfficerMapStatus;
  online: boolean;
  position: LatLon;
  /** When the fix reached the server (ms, server clock). */
  fixAt: number;
  /** The fix lies in none of the cluster's areas. */
  outside?: boolean;
}

export interface OfficerLayerProps {
  officers: readonly OfficerMarkerData[];
  /** Server-clock now, ms. */
  now: number;
  /** The label beside the marker, e.g. "PL-1 · 12 giây". */
  label: (officer: OfficerMarkerData, fixAgeMs: number) => string;
}

export const OFFICER_PANE = 'grd-officers';
const RADIUS = 8;
/** What an officer label must not cover: commune names, posts, requests, village names. */
const OBSTACLES = '.grd-area-label span, .grd-post-marker span, .grd-request-marker span, .grd-place-label span';
/** Busy officers' labels are placed first: they are the ones a dispatcher is following. */
const ORDER: Record<OfficerMapStatus, number> = { busy: 0, available: 1, off_duty: 2 };

export function isStaleFix(fixAt: number, now: number): boolean {
  return now - fixAt > STALE_FIX_MS;
}

function boxIn(el: Element, origin: DOMRect): Box {
  const r = el.getBoundingClientRect();
  return {
    left: r.left - origin.left,
    top: r.top - origin.top,
    right: r.right - origin.left,
    bottom: r.bottom - origin.top,
  };
}

/** Measures labels and obstacles, then moves each label to its free side (or hides it). */
function useDeclutter(officers: readonly OfficerMarkerData[]) {
  const map = useMap();
  const tooltips = useRef(new Map<string, L.Tooltip>());
  const frame = useRef(0);
  const current = useRef(officers);
  current.current = officers;

  const relayout = useCallback(() => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => {
      const container = map.getContainer();
      const origin = container.getBoundingClientRect();
      const obstacles = [...container.querySelectorAll(OBSTACLES)].map((el) => boxIn(el, origin));
      const labels: (LabelToPlace & { el: HTMLElement })[] = [];
      for (const o of [...current.current].sort((a, b) => ORDER[a.status] - ORDER[b.status])) {
        const el = tooltips.current.get(o.id)?.getElement();
        if (!el) continue;
        const p = map.latLngToContainerPoint([o.position.lat, o.position.lon]);
        labels.push({
          id: o.id,
          x: p.x,
          y: p.y,
          radius: RADIUS + 2,
          width: el.offsetWidth,
          height: el.offsetHeight,
          el,
        });
      }
      const placements = placeLabels(obstacles, labels);
      for (const label of labels) {
        const placement = placements.get(label.id) ?? 'hidden';
        label.el.dataset.placement = placement;
        label.el.classList.toggle('grd-label-hidden', placement === 'hidden');
        // Leaflet centres a 'center' tooltip on the marker with a transform; margins move it to its side.
        const box = labelBox(label, placement === 'hidden' ? 'right' : placement);
        label.el.style.marginLeft = `${(box.left + box.right) / 2 - label.x}px`;
        label.el.style.marginTop = `${(box.top + box.bottom) / 2 - label.y}px`;
      }
    });
  }, [map]);

  useEffect(() => {
    map.on('zoomend moveend resize', relayout);
    return () => {
      map.off('zoomend moveend resize', relayout);
      cancelAnimationFrame(frame.current);
    };
  }, [map, relayout]);
  // Positions, statuses and label texts change the boxes: lay out again after every render.
  useEffect(relayout);

  const register = useCallback((id: string, tooltip: L.Tooltip | null) => {
    if (tooltip) tooltips.current.set(id, tooltip);
    else tooltips.current.delete(id);
  }, []);
  return register;
}

export function OfficerLayer({ officers, now, label }: OfficerLayerProps) {
  const register = useDeclutter(officers);
  // SVG in its own pane: the pane's box lets clicks through to the request markers below (see map.css).
  const renderer = useMemo(() => L.svg({ pane: OFFICER_PANE }), []);
  return (
    <Pane name={OFFICER_PANE} style={{ zIndex: 640 }}>
      {officers.map((o) => {
        const age = Math.max(0, now - o.fixAt);
        const stale = isStaleFix(o.fixAt, now) || !o.online;
        const colour = OFFICER_STATUS_COLOURS[o.status];
        const peek = (on: boolean) => (e: L.LeafletMouseEvent) =>
          (e.target as L.CircleMarker).getTooltip()?.getElement()?.classList.toggle('grd-label-peek', on);
        return (
          <CircleMarker
            key={o.id}
            center={[o.position.lat, o.position.lon]}
            radius={RADIUS}
            renderer={renderer}
            className={`grd-officer grd-officer-${o.id}`}
            eventHandlers={{ mouseover: peek(true), mouseout: peek(false) }}
            pathOptions={{
              color: o.outside ? '#111827' : stale ? '#6b7280' : '#ffffff',
              weight: o.outside ? 4 : 2,
              dashArray: stale ? '3 3' : undefined,
              fillColor: colour,
              fillOpacity: stale ? 0.35 : 0.95,
            }}
          >
            <Tooltip
              ref={(tooltip) => register(o.id, tooltip)}
              permanent
              direction="center"
              className={`grd-officer-label${stale ? ' stale' : ''}${o.outside ? ' outside' : ''}`}
            >
              {o.outside ? `! ${label(o, age)}` : label(o, age)}
            </Tooltip>
          </CircleMarker>
        );
      })}
    </Pane>
  );
}
