// Every open SOS at the top of the console until a dispatcher closes it: who, since when, how old the
// last fix is, "an toàn" or "mất liên lạc", who is on the way; "show on map" and close with an outcome.
import { ownRecord } from '../../shared/ids';
import { Siren } from 'lucide-react';
import '../styles/sos.css';
import { useState } from 'react';
import type { Cluster } from '../../shared/cluster';
import {
  assignmentsOf,
  isActiveAssignment,
  OUTCOMES,
  type DispatchRequest,
  type DispatchState,
  type Outcome,
} from '../../shared/domain';
import type { OfficerPosition } from '../../shared/protocol';
import { openSosRequests } from '../../shared/sos';
import { assignmentStatusKey, outcomeKey, useFormat, useT } from '../i18n';
import { messages } from '../i18n/messages/sos';
import type { RunCommand } from './console-text';
import { callsignOf, communeName } from './console-text';

export interface SosPanelProps {
  cluster: Cluster;
  state: DispatchState;
  positions: Readonly<Record<string, OfficerPosition>>;
  /** Server-clock now. */
  now: number;
  busy: boolean;
  onShow: (requestId: string) => void;
  run: RunCommand;
}

export function SosPanel(props: SosPanelProps) {
  const t = useT(messages);
  const open = openSosRequests(props.state);
  if (open.length === 0) return null;
  return (
    <section className="sos-panel" aria-labelledby="sos-panel-title" data-testid="sos-panel">
      <h2 id="sos-panel-title" className="visually-hidden">
        {t('sos.panel')}
      </h2>
      <ul>
        {open.map((r) => (
          <SosItem key={r.id} {...props} request={r} />
        ))}
      </ul>
    </section>
  );
}

function SosItem({
  cluster,
  state,
  positions,
  now,
  busy,
  onShow,
  run,
  request,
}: SosPanelProps & { request: DispatchRequest }) {
  const t = useT(messages);
  const format = useFormat();
  const [outcome, setOutcome] = useState<Outcome>('handled');
  const [note, setNote] = useState('');
  const sos = request.sos;
  if (!sos) return null;
  const callsign = callsignOf(cluster, sos.officerId);
  const fix = ownRecord(positions, sos.officerId);
  const lost = sos.lostContactAt !== null && (fix?.receivedAt ?? 0) <= sos.lostContactAt;
  const responders = assignmentsOf(state, request.id)
    .filter(isActiveAssignment)
    .map((a) => `${callsignOf(cluster, a.officerId)} (${t(assignmentStatusKey(a.status))})`);
  const noteId = `sos-note-${request.id}`;
  const outcomeId = `sos-outcome-${request.id}`;
  return (
    <li className="sos-card" data-sos-request={request.id}>
      <h3>
        <Siren aria-hidden="true" focusable="false" className="sos-icon" />{' '}
        {t('sos.officer', { callsign, commune: communeName(cluster, request.commune) })}
      </h3>
      <p>{t('sos.raisedAt', { time: format.time(sos.raisedAt, { seconds: true }) })}</p>
      <p data-testid="sos-fix-age">
        {fix
          ? t('sos.fixAge', {
              age: format.duration(Math.max(0, now - fix.receivedAt), 'clock'),
              meters: Math.round(fix.accuracy),
            })
          : sos.fix
            ? t('sos.fixAge', {
                age: format.duration(Math.max(0, now - sos.raisedAt), 'clock'),
                meters: Math.round(sos.fix.accuracy),
              })
            : t('sos.noFix')}
      </p>
      {lost && sos.lostContactSince !== null && (
        <p className="sos-lost" role="alert">
          {t('sos.lostContact', { time: format.time(sos.lostContactSince, { seconds: true }) })}
        </p>
      )}
      {sos.safeAt !== null && <p>{t('sos.safeAt', { time: format.time(sos.safeAt, { seconds: true }) })}</p>}
      <p>{t('sos.responders', { list: responders.length > 0 ? responders.join(', ') : t('sos.noResponders') })}</p>
      <div className="sos-close">
        <button type="button" className="btn" onClick={() => onShow(request.id)}>
          {t('sos.showOnMap')}
        </button>
        <label htmlFor={outcomeId}>
          {t('sos.outcome')}
          <select
            id={outcomeId}
            value={outcome}
            onChange={(e) => setOutcome(OUTCOMES.find((o) => o === e.target.value) ?? 'handled')}
          >
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(outcomeKey(o))}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={noteId}>
          {t('sos.note')}
          <input id={noteId} value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} />
        </label>
        <button
          type="button"
          className="btn btn-danger"
          disabled={busy}
          onClick={() =>
            void run({ type: 'officer:sos_close', data: { requestId: request.id, outcome, note } }, () =>
              t('sos.close'),
            )
          }
        >
          {busy ? t('sos.closing') : t('sos.close')}
        </button>
      </div>
    </li>
  );
}
