// What the marks on the map mean, in the map's corner: a tired dispatcher should not have to guess that a
// dashed ring is an old position. Collapsible, so it never hides the area it explains for long.
import { useState } from 'react';
import { useT } from '../i18n';
import { messages } from '../i18n/messages/map';
import { OFFICER_STATUS_COLOURS } from './area-style';
import { MapControl } from './map-control';

type Swatch = 'officer' | 'stale' | 'outside' | 'pulse' | 'request' | 'post' | 'border' | 'area' | 'road' | 'village';
type MapKey = keyof typeof messages.vi;

const CONSOLE_ITEMS: [MapKey, Swatch, string?][] = [
  ['map.officerAvailable', 'officer', OFFICER_STATUS_COLOURS.available],
  ['map.officerBusy', 'officer', OFFICER_STATUS_COLOURS.busy],
  ['map.officerOffDuty', 'officer', OFFICER_STATUS_COLOURS.off_duty],
  ['map.officerStale', 'stale'],
  ['map.officerOutside', 'outside'],
  ['map.requestOpen', 'pulse'],
  ['map.requestCritical', 'request', '#b91c1c'],
  ['map.requestHigh', 'request', '#c2410c'],
  ['map.requestNormal', 'request', '#1d4ed8'],
];
const BASE_ITEMS: [MapKey, Swatch, string?][] = [
  ['map.post', 'post'],
  ['map.border', 'border'],
  ['map.commune', 'area'],
];

export function MapLegend({ live, roads }: { live: boolean; roads: boolean }) {
  const t = useT(messages);
  // Open on the console's big map; folded on the post's small picker, where it would cover the area to tap.
  const [open, setOpen] = useState(live);
  const items = [
    ...(live ? CONSOLE_ITEMS : []),
    ...BASE_ITEMS,
    ...(roads
      ? ([
          ['map.road', 'road'],
          ['map.village', 'village'],
        ] as [MapKey, Swatch][])
      : []),
  ];
  return (
    <MapControl position="bottomleft" className="grd-legend">
      <button type="button" className="grd-legend-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? t('map.legendHide') : t('map.legendShow')}
      </button>
      {open && (
        <ul aria-label={t('map.legend')} data-testid="map-legend">
          {items.map(([key, swatch, colour]) => (
            <li key={key}>
              <span
                className={`grd-swatch grd-swatch-${swatch}`}
                style={colour ? { background: colour } : undefined}
                aria-hidden="true"
              />
              {t(key)}
            </li>
          ))}
        </ul>
      )}
    </MapControl>
  );
}
