// The officer's current assignment: what, where, how long to answer, and the next button to press.
import { useState } from 'react';
import { communeById } from '../../../shared/cluster';
import type { Assignment, DispatchRequest } from '../../../shared/domain';
import type { PositionReport } from '../../../shared/commands';
import { distanceMeters, etaSeconds } from '../../../shared/geo';
import { Navigation } from 'lucide-react';
import { KindIcon } from '../../components/kind-icon';
import { Countdown } from '../../components/countdown';
import { StatusChip } from '../../components/status-chip';
import { kindKey, priorityKey, useFormat, useT } from '../../i18n';
import { messages } from '../../i18n/messages/officer';
import { useClusterInfo } from '../../net/react';
import { ProgressStep } from './progress-step';

export type AssignmentAction =
  | { type: 'accept' }
  | { type: 'decline'; reason: string }
  | { type: 'advance'; status: 'en_route' | 'on_scene' | 'released' };

export function directionsUrl(to: { lat: number; lon: number }): string {
  return `https://www.google.com/maps/dir/?api=1&destination=${to.lat},${to.lon}`;
}

export function AssignmentPanel(props: {
  assignment: Assignment;
  request: DispatchRequest | undefined;
  fix: PositionReport | null;
  serverOffsetMs: number;
  busy: boolean;
  onAction: (action: AssignmentAction) => void;
}) {
  const { assignment, request, fix, busy, onAction } = props;
  const t = useT(messages);
  const format = useFormat();
  const { cluster, eta } = useClusterInfo();
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const pending = assignment.status === 'pending';
  const commune = communeById(cluster, request?.commune ?? assignment.commune)?.name ?? assignment.commune;

  return (
    <section className={`assignment card ${pending ? 'assignment-new' : ''}`} aria-labelledby="assignment-title">
      <h2 id="assignment-title">{pending ? t('officer.newAssignment') : t('officer.assignment')}</h2>
      {request && (
        <div className="assignment-what">
          <p className="assignment-kind">
            <KindIcon kind={request.kind} size={24} /> {t(kindKey(request.kind))}{' '}
            <span className={`chip prio-${request.priority}`}>{t(priorityKey(request.priority))}</span>
          </p>
          <p>
            {t('common.requestNumber', { number: request.number })} · {t('officer.commune', { commune })}
          </p>
          <p className="hint">{t('officer.requestedBy', { time: format.time(request.raisedAt) })}</p>
          {request.note && <p className="request-note">{request.note}</p>}
          {fix && (
            <p>
              {t('officer.distance', {
                distance: format.distance(distanceMeters(fix, request.location)),
                eta: format.eta(etaSeconds(fix, request.location, eta)),
              })}
            </p>
          )}
          <a className="btn btn-big" href={directionsUrl(request.location)} target="_blank" rel="noreferrer">
            <Navigation size={24} aria-hidden="true" /> {t('officer.directions')}
          </a>
        </div>
      )}
      <p>
        <StatusChip chip={{ of: 'assignment', status: assignment.status }} />
      </p>
      {pending && (
        <>
          <p className="assignment-deadline">
            <Countdown
              deadlineAt={assignment.deadlineAt}
              serverOffsetMs={props.serverOffsetMs}
              render={(clock) => t('officer.timeLeft', { time: clock })}
              expiredText={t('officer.expired')}
            />
          </p>
          {declining ? (
            <div className="decline-box">
              <label className="field">
                <span>{t('officer.declineReason')}</span>
                <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} />
              </label>
              <button
                type="button"
                className="btn btn-danger btn-big"
                disabled={busy}
                onClick={() => onAction({ type: 'decline', reason: reason.trim() })}
              >
                {t('officer.declineConfirm')}
              </button>
              <button type="button" className="btn btn-quiet" onClick={() => setDeclining(false)}>
                {t('common.back')}
              </button>
            </div>
          ) : (
            <div className="answer-buttons">
              <button
                type="button"
                className="btn btn-ok btn-huge"
                disabled={busy}
                onClick={() => onAction({ type: 'accept' })}
              >
                {t('officer.accept')}
              </button>
              <button
                type="button"
                className="btn btn-danger btn-big"
                disabled={busy}
                onClick={() => setDeclining(true)}
              >
                {t('officer.decline')}
              </button>
            </div>
          )}
        </>
      )}
      <ProgressStep
        assignment={assignment}
        requestNumber={request?.number}
        busy={busy}
        onAdvance={(status) => onAction({ type: 'advance', status })}
      />
    </section>
  );
}
