// The request form: kind (big tiles), priority, note, officers wanted, location (the post or a map point).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { CircleMarker } from 'react-leaflet';
import type { LatLon } from '../../../shared/cluster';
import { MAX_NOTE_LENGTH, MAX_RESPONDERS_WANTED } from '../../../shared/commands';
import { PRIORITIES, REQUEST_KINDS, type Priority, type RequestKind } from '../../../shared/domain';
import { KindIcon } from '../../components/kind-icon';
import { ClusterMap } from '../../map';
import { kindKey, priorityKey, useFormat, useT } from '../../i18n';
import { messages } from '../../i18n/messages/post';
import { useClusterInfo } from '../../net/react';
import { pickedCommune } from './picked-commune';

export interface RaiseDraft {
  kind: RequestKind;
  priority: Priority;
  note: string;
  respondersWanted: number;
  location: LatLon | null;
}

export function RaiseForm({ onSend, onClose }: { onSend: (draft: RaiseDraft) => void; onClose: () => void }) {
  const t = useT(messages);
  const { cluster, tileUrl, tileAttribution } = useClusterInfo();
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

  function pickedText(p: LatLon): string {
    const commune = pickedCommune(cluster, p);
    return commune
      ? t('post.locationPickedIn', { commune, point: format.latLon(p) })
      : t('post.locationPicked', { point: format.latLon(p) });
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
        {REQUEST_KINDS.map((k, i) => (
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
          <p className="hint">{point ? pickedText(point) : t('post.locationPickHint')}</p>
          <ClusterMap
            cluster={cluster}
            tiles={{ url: tileUrl, attribution: tileAttribution }}
            label={t('post.mapLabel')}
            onMapClick={(p) => {
              setPoint(p);
              setError(null);
            }}
          >
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
