// The selected request, in the order a dispatcher acts on it, so that on a 1366×768 laptop the actions
// sit above the fold: what and where; after a decline or expiry the offer of the next-nearest officer;
// suggested responders (click or keys 1–5 assign); the officers on it (withdraw, welfare and offline
// alerts); resolve and cancel; then receipts, notes and the timeline.
import { forwardRef } from 'react';
import type { Cluster } from '../../shared/cluster';
import {
  assignmentsOf,
  isActiveAssignment,
  isClosed,
  type Assignment,
  type DispatchRequest,
  type DispatchState,
} from '../../shared/domain';
import { KindIcon } from '../components/kind-icon';
import { ReceiptList } from '../components/receipt-list';
import { StatusChip } from '../components/status-chip';
import { kindKey, priorityKey, requestStatusKey, useFormat } from '../i18n';
import { RequestPlace } from '../map/request-place';
import { AssignmentAlerts } from './assignment-alerts';
import { actorName, callsignOf, communeName, type ConsoleT, type RunCommand } from './console-text';
import { OfferNext, type NextOffer } from './offer-next';
import { RequestClose, RequestNotes } from './request-actions';
import { RequestTimeline } from './request-timeline';
import type { ResponderSuggestion } from '../../shared/suggest';
import { readyToClose } from './queue';
import { SuggestionList } from './suggestion-list';
import { WithdrawButton } from './withdraw-button';

export interface RequestDetailProps {
  t: ConsoleT;
  cluster: Cluster;
  state: DispatchState;
  request: DispatchRequest;
  suggestions: readonly ResponderSuggestion[];
  /** Someone declined or let it expire: the next-nearest officer, one click away. */
  offer: NextOffer | null;
  now: number;
  busy: boolean;
  onAssign: (officerId: string) => void;
  onClose: () => void;
  run: RunCommand;
}

export const RequestDetail = forwardRef<HTMLElement, RequestDetailProps>(function RequestDetail(
  { t, cluster, state, request, suggestions, offer, now, busy, onAssign, onClose, run },
  ref,
) {
  const format = useFormat();
  const closed = isClosed(request);
  const commune = cluster.communes.find((c) => c.id === request.commune);
  const assignments = assignmentsOf(state, request.id);
  const location =
    request.locationSource === 'post'
      ? t('console.locationPost', { post: commune?.post.name ?? request.commune })
      : t('console.locationPoint', { point: format.latLon(request.location) });
  return (
    <section
      ref={ref}
      tabIndex={-1}
      className="console-detail"
      aria-labelledby="console-detail-title"
      data-testid="request-detail"
    >
      <div className="console-detail-head">
        <h2 id="console-detail-title">
          {t('common.requestNumber', { number: request.number })}: <KindIcon kind={request.kind} size={20} />{' '}
          {t(kindKey(request.kind))}
        </h2>
        <button type="button" className="btn btn-quiet" onClick={onClose} aria-keyshortcuts="Escape">
          {t('console.closeDetail')}
        </button>
      </div>
      <p className="console-detail-line">
        <span className={`chip prio-${request.priority}`}>{t(priorityKey(request.priority))}</span>{' '}
        <span className={`chip chip-${request.status}`}>{t(requestStatusKey(request.status))}</span>{' '}
        <strong>{communeName(cluster, request.commune)}</strong> ·{' '}
        {t('console.wanted', { count: request.respondersWanted })}
      </p>
      <p className="console-detail-line">
        {t('console.raisedAt', {
          time: format.time(request.raisedAt, { seconds: true }),
          by: actorName(t, cluster, request.raisedBy),
        })}
        {/* The waiting clock stops with the request. */}
        {!closed && <> · {t('console.age', { age: format.duration(now - request.raisedAt, 'long') })}</>}
      </p>
      {closed && request.closedAt !== null && (
        <p className="console-detail-line">
          {t('console.closedStatus', {
            status: t(requestStatusKey(request.status)),
            time: format.time(request.closedAt),
          })}
          {request.closeReason ? ` – ${request.closeReason}` : ''}
        </p>
      )}
      <dl className="console-facts">
        <dt>{t('console.location')}</dt>
        <dd>
          {location} – <RequestPlace location={request.location} />
        </dd>
        <dt>{t('console.note')}</dt>
        <dd>{request.note || t('console.noNote')}</dd>
      </dl>
      {offer && <OfferNext t={t} cluster={cluster} offer={offer} busy={busy} onAssign={onAssign} />}
      {!closed && (
        <SuggestionList
          t={t}
          cluster={cluster}
          suggestions={suggestions}
          turnedDown={turnedDownHow(assignments)}
          disabled={busy}
          onAssign={onAssign}
        />
      )}
      {assignments.length > 0 && (
        <section aria-labelledby="console-assignments-title">
          <h3 id="console-assignments-title">{t('console.assignments')}</h3>
          <ul className="console-assignments" data-testid="assignments">
            {assignments.map((a) => {
              const callsign = callsignOf(cluster, a.officerId);
              const active = isActiveAssignment(a);
              return (
                <li key={a.id}>
                  <strong>{callsign}</strong> <StatusChip chip={{ of: 'assignment', status: a.status }} />
                  {a.status === 'pending' && (
                    <span className="hint">
                      {' '}
                      {t('console.deadline', { left: format.duration(a.deadlineAt - now, 'clock') })}
                    </span>
                  )}
                  <AssignmentAlerts t={t} assignment={a} callsign={callsign} busy={busy} run={run} />
                  {active && !closed && (
                    <WithdrawButton t={t} assignment={a} callsign={callsign} busy={busy} run={run} />
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      )}
      {readyToClose(state, request) && (
        <p className="console-ready" data-testid="ready-to-close">
          {t('console.readyToCloseHint')}
        </p>
      )}
      {!closed && <RequestClose t={t} cluster={cluster} request={request} closed={closed} run={run} />}
      <ReceiptList request={request} assignments={assignments} callsign={(id) => callsignOf(cluster, id)} />
      <RequestNotes t={t} cluster={cluster} request={request} closed={closed} run={run} />
      <RequestTimeline t={t} cluster={cluster} request={request} />
    </section>
  );
});

/** How each officer turned this request down, so an expiry is never called a decline. */
function turnedDownHow(assignments: readonly Assignment[]): ReadonlyMap<string, 'declined' | 'expired'> {
  const how = new Map<string, 'declined' | 'expired'>();
  for (const a of assignments) {
    // A decline says more than an expiry: it wins when the officer did both.
    if (a.status === 'declined') how.set(a.officerId, 'declined');
    else if (a.status === 'expired' && !how.has(a.officerId)) how.set(a.officerId, 'expired');
  }
  return how;
}
