// The request form: kind (big tiles), priority, note, officers wanted, location (the post or a map point).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { CircleMarker } from 'react-leaflet';
import { communeById, type LatLon } from '../../../shared/cluster';
import { communeAt } from '../../../shared/commune-at';
import { nearestPlace } from '../../../shared/place-search';
import { MAX_NOTE_LENGTH, MAX_RESPONDERS_WANTED } from '../../../shared/commands';
import { PRIORITIES, type Priority, type RequestKind } from '../../../shared/domain';
import { RAISABLE_KINDS } from '../../../shared/sos';
import { KindIcon } from '../../components/kind-icon';
import { ClusterMap } from '../../map/cluster-map';
import { PanTo } from '../../map/pan-to';
import { PlaceSearchBox } from '../../map/place-search-box';
import { useMapData } from '../../map/use-map-data';
import { kindKey, priorityKey, useFormat, useT } from '../../i18n';
import { messages as mapMessages } from '../../i18n/messages/map';
import { messages } from '../../i18n/messages/post';
import { useClusterInfo } from '../../net/react';

export interface RaiseDraft {
  kind: RequestKind;
  priority: Priority;
  note: string;
  respondersWanted: number;
  location: LatLon | null;
}

export function RaiseForm({ onSend, onClose }: { onSend: (draft: RaiseDraft) => void; onClose: () => void }) {
  const t = useT(messages);
  const mapT = useT(mapMessages);
  const { cluster, tileUrl, tileAttribution, map } = useClusterInfo();
  const format = useFormat();
  const firstTile = useRef<HTMLButtonElement>(null);
  // The big button that opened the form is gone: focus moves into the form, not to the page body.
  useEffect(() => firstTile.current?.focus(), []);
  const [kind, setKind] = useState<RequestKind | null>(null);
  const [priority, setPriority] = useState<Priority>('critical');
  const [note, setNote] = useState('');
  const [respondersWanted, setRespondersWanted] = useState(1);
  const [usePoint, setUsePoint] = useState(false);
  const [point, setPoint] = useState<LatLon | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [searched, setSearched] = useState<LatLon | null>(null);
  const mapData = useMapData(map?.mapData);

  /** "thuộc xã Kỳ Phú", from the real areas; a point outside them says so. */
  function placeOf(p: LatLon): string {
    const commune = communeAt(cluster, p);
    const name = commune ? communeById(cluster, commune)?.name : undefined;
    const where = name ? mapT('map.inCommune', { commune: name }) : mapT('map.outsideCluster');
    const village = mapData ? nearestPlace(p, mapData.places) : null;
    return village ? `${where}, ${mapT('map.nearPlace', { place: village.name })}` : where;
  }

  /** The point with decimal commas, then which commune (and village) it lies in. */
  function pickedText(p: LatLon): string {
    return `${t('post.locationPicked', { point: format.latLon(p) })} – ${placeOf(p)}`;
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!kind) return setError(t('post.kindRequired'));
    if (usePoint && !point) return setError(t('post.pointRequired'));
    onSend({ kind, priority, note: note.trim(), respondersWanted, location: usePoint ? point : null });
  }

  return (
    <form className="raise-form card" onSubmit={submit} aria-labelledby="raise-form-title">
      <h2 id="raise-form-title">{t('post.formTitle')}</h2>
      <fieldset className="tiles">
        <legend>{t('post.kind')}</legend>
        {RAISABLE_KINDS.map((k, i) => (
          <button
            key={k}
            ref={i === 0 ? firstTile : undefined}
            type="button"
            className="btn tile"
            aria-pressed={kind === k}
            onClick={() => {
              setKind(k);
              setError(null);
            }}
          >
            <span className="tile-icon" aria-hidden="true">
              <KindIcon kind={k} size={36} />
            </span>
            <span>{t(kindKey(k))}</span>
          </button>
        ))}
      </fieldset>
      <fieldset className="segmented">
        <legend>{t('post.priority')}</legend>
        {PRIORITIES.map((p) => (
          <button
            key={p}
            type="button"
            className={`btn prio-${p}`}
            aria-pressed={priority === p}
            onClick={() => setPriority(p)}
          >
            {t(priorityKey(p))}
          </button>
        ))}
      </fieldset>
      <fieldset className="segmented">
        <legend>{t('post.responders')}</legend>
        {Array.from({ length: Math.min(4, MAX_RESPONDERS_WANTED) }, (_, i) => i + 1).map((n) => (
          <button
            key={n}
            type="button"
            className="btn"
            aria-pressed={respondersWanted === n}
            onClick={() => setRespondersWanted(n)}
          >
            {n}
          </button>
        ))}
      </fieldset>
      <label className="field">
        <span>{t('post.note')}</span>
        <textarea
          value={note}
          maxLength={MAX_NOTE_LENGTH}
          placeholder={t('post.notePlaceholder')}
          onChange={(e) => setNote(e.target.value)}
        />
      </label>
      <fieldset className="segmented">
        <legend>{t('post.location')}</legend>
        <button type="button" className="btn" aria-pressed={!usePoint} onClick={() => setUsePoint(false)}>
          {t('post.locationPost')}
        </button>
        <button type="button" className="btn" aria-pressed={usePoint} onClick={() => setUsePoint(true)}>
          {t('post.locationPoint')}
        </button>
      </fieldset>
      {usePoint && (
        <div className="pick-map">
          <p className="hint" data-testid="picked-location">
            {point ? pickedText(point) : t('post.locationPickHint')}
          </p>
          <PlaceSearchBox
            cluster={cluster}
            places={mapData?.places ?? []}
            onPick={(p) => {
              setPoint(p);
              setSearched(p);
              setError(null);
            }}
          />
          <ClusterMap
            cluster={cluster}
            tiles={{ url: tileUrl, attribution: tileAttribution }}
            sources={map}
            label={t('post.mapLabel')}
            onMapClick={(p) => {
              setPoint(p);
              setError(null);
            }}
          >
            <PanTo point={searched} />
            {point && (
              <CircleMarker center={[point.lat, point.lon]} radius={12} pathOptions={{ color: '#dc2626', weight: 4 }} />
            )}
          </ClusterMap>
        </div>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="btn btn-danger btn-huge">
        {t('post.send')}
      </button>
      <button type="button" className="btn btn-quiet" onClick={onClose}>
        {t('post.cancelForm')}
      </button>
    </form>
  );
}
