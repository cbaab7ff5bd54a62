// One request as the post follows it: stage, how long it has waited (since it was raised: a decline or
// an expiry does not restart the clock), receipts (sent, received, seen, delivered, accepted),
// responders under their own commune with their ETA, an unanswered welfare check, the outcome once
// closed, cancel while open.
import { communeById, officerById } from '../../../shared/cluster';
import { isClosed, welfarePending, type Assignment, type DispatchRequest } from '../../../shared/domain';
import { distanceMeters, etaSeconds } from '../../../shared/geo';
import type { OfficerPosition } from '../../../shared/protocol';
import { KindIcon } from '../../components/kind-icon';
import { ReceiptList } from '../../components/receipt-list';
import { StatusChip } from '../../components/status-chip';
import { useNow } from '../../hooks/use-now';
import { assignmentStatusKey, kindKey, outcomeKey, priorityKey, requestStatusKey, useFormat, useT } from '../../i18n';
import { messages } from '../../i18n/messages/post';
import { useClusterInfo } from '../../net/react';
import { ConfirmButton } from './confirm-button';
import { currentResponders, postStage } from './post-stage';
import { StageSteps } from './stage-steps';
import { ownRecord } from '../../../shared/ids';

export interface RequestCardProps {
  request: DispatchRequest;
  assignments: readonly Assignment[];
  positions: Readonly<Record<string, OfficerPosition>>;
  onCancel: () => void;
}

export function RequestCard({ request, assignments, positions, onCancel }: RequestCardProps) {
  const t = useT(messages);
  const format = useFormat();
  const now = useNow();
  const { cluster, eta } = useClusterInfo();
  const stage = postStage(request, assignments);
  const responders = currentResponders(assignments);
  const callsign = (id: string) => officerById(cluster, id)?.callsign ?? id;
  const communeName = (id: string) => communeById(cluster, id)?.name ?? id;
  const unanswered = assignments.filter((a) => a.welfareAlertAt != null && welfarePending(a));

  return (
    <article className={`request-card card stage-${stage}`} data-request={request.id} data-stage={stage}>
      <header className="request-card-head">
        <span className="tile-icon" aria-hidden="true">
          <KindIcon kind={request.kind} size={32} />
        </span>
        <h3>
          {t('common.requestNumber', { number: request.number })} · {t(kindKey(request.kind))}
        </h3>
        <span className={`chip prio-${request.priority}`}>{t(priorityKey(request.priority))}</span>
      </header>
      <p className="request-stage" role="status">
        <strong>{t(`post.stage.${stage}`)}</strong>
        {stage === 'received' && (
          <span> · {t('post.waiting', { duration: format.duration(now - request.raisedAt) })}</span>
        )}
      </p>
      <StageSteps stage={stage} />
      {unanswered.map((a) => (
        <p key={a.id} className="request-welfare" role="alert">
          {t('post.welfareAlert', {
            callsign: callsign(a.officerId),
            time: format.time(a.welfareCheckAt ?? a.welfareAlertAt ?? 0),
          })}
        </p>
      ))}
      {isClosed(request) && request.closedAt !== null && (
        <p className="request-closed">
          {t('post.closedAt', { status: t(requestStatusKey(request.status)), time: format.time(request.closedAt) })}
          {request.outcome && <> · {t('post.outcome', { outcome: t(outcomeKey(request.outcome)) })}</>}
          {request.closeReason && <> – {request.closeReason}</>}
        </p>
      )}
      <ReceiptList request={request} assignments={assignments} callsign={callsign} />
      {request.note && <p className="request-note">{request.note}</p>}
      {responders.length > 0 && (
        <ul className="responders">
          {responders.map((a) => {
            const position = ownRecord(positions, a.officerId);
            const active = a.status !== 'released';
            return (
              <li key={a.id}>
                {t('post.responder', {
                  callsign: callsign(a.officerId),
                  // The officer's own commune (a.commune is the request's).
                  commune: communeName(officerById(cluster, a.officerId)?.commune ?? a.commune),
                  status: t(assignmentStatusKey(a.status)),
                })}{' '}
                {active && a.status !== 'on_scene' && (
                  <span className="hint">
                    {position
                      ? t('post.responderEta', {
                          eta: format.eta(etaSeconds(position, request.location, eta)),
                          distance: format.distance(distanceMeters(position, request.location)),
                        })
                      : t('post.noPosition')}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {/* A post may cancel only while no one is on the request; after that it is the dispatcher's call. */}
      {isClosed(request) ? (
        <StatusChip chip={{ of: 'request', status: request.status }} />
      ) : request.status === 'dispatched' || request.sos ? (
        <p className="hint">{t('post.cancelAskDispatcher')}</p>
      ) : (
        <ConfirmButton
          label={t('post.cancelRequest')}
          question={t('post.cancelConfirm', { number: request.number })}
          yes={t('post.cancelYes')}
          no={t('post.cancelNo')}
          onConfirm={onCancel}
        />
      )}
    </article>
  );
}
