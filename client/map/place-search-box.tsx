// The picker's search: type a village's name (accents optional), tap a result, and the point is set there.
// Results are big buttons, so a tired duty officer on a phone hits the right one.
import { useId, useMemo, useState } from 'react';
import type { Cluster, LatLon } from '../../shared/cluster';
import type { MapPlace } from '../../shared/map-data';
import { searchPlaces, type PlaceMatch } from '../../shared/place-search';
import { useT } from '../i18n';
import { messages } from '../i18n/messages/map';

export function PlaceSearchBox({
  cluster,
  places,
  onPick,
}: {
  cluster: Pick<Cluster, 'communes'>;
  places: readonly MapPlace[];
  onPick: (point: LatLon, match: PlaceMatch) => void;
}) {
  const t = useT(messages);
  const id = useId();
  const [query, setQuery] = useState('');
  const matches = useMemo(() => searchPlaces(query, places, cluster), [query, places, cluster]);
  const communeName = (commune: string | null) => cluster.communes.find((c) => c.id === commune)?.name;
  return (
    <div className="grd-place-search">
      <label htmlFor={id}>{t('map.searchLabel')}</label>
      <input
        id={id}
        type="search"
        value={query}
        autoComplete="off"
        placeholder={t('map.searchPlaceholder')}
        onChange={(e) => setQuery(e.target.value)}
      />
      {query.trim().length >= 2 &&
        (matches.length === 0 ? (
          <p className="hint">{t('map.searchNone')}</p>
        ) : (
          <ul aria-label={t('map.searchResults')}>
            {matches.map((m) => (
              <li key={`${m.kind}-${m.name}-${m.location.lat}-${m.location.lon}`}>
                <button
                  type="button"
                  className="btn"
                  onClick={() => {
                    onPick(m.location, m);
                    setQuery('');
                  }}
                >
                  <strong>{m.name}</strong> <span>({t(`map.kind.${m.kind}`)}</span>
                  {m.kind !== 'commune' && communeName(m.commune) ? (
                    <span> · {t('map.inCommune', { commune: communeName(m.commune) ?? '' })}</span>
                  ) : null}
                  <span>)</span>
                </button>
              </li>
            ))}
          </ul>
        ))}
    </div>
  );
}
