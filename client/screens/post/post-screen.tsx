// /post: the commune post. One guarded button opens the request form; every request of today (and any
// still open) follows as a live card; requests made offline wait in the outbox, marked as such.
import '../../styles/post.css';
import { useEffect, useMemo, useState } from 'react';
import { communeById } from '../../../shared/cluster';
import { assignmentsOf, isClosed } from '../../../shared/domain';
import { AppHeader } from '../../components/app-header';
import { ReportsLinks } from '../../reports/reports-links';
import { InsecureNotice } from '../../components/insecure-notice';
import { armAudio, beep } from '../../components/alert-sound';
import { HoldButton } from '../../components/hold-button';
import { useNow } from '../../hooks/use-now';
import { dayKey, errorKey, useT } from '../../i18n';
import { messages } from '../../i18n/messages/post';
import { useClientSnapshot, useClusterInfo, useDispatch } from '../../net/react';
import { queuedDelivery, type QueuedDelivery } from '../../components/queued-delivery';
import { QueuedCard } from './queued-card';
import { RaiseForm, type RaiseDraft } from './raise-form';
import { Phrases } from './phrases';
import { RequestCard } from './request-card';
import { SosAlert } from './sos-alert';

/** What the post is told while its raises wait offline: said from the current link, so never stale. */
const QUEUED_NOTICE = {
  automatic: 'post.sentOffline',
  after_reload: 'post.sentOfflineReload',
  after_login: 'post.sentOfflineLogin',
  blocked: 'post.sentOfflineBlocked',
} as const satisfies Record<QueuedDelivery, keyof typeof messages.vi>;

export function PostScreen() {
  const t = useT(messages);
  const { client, session } = useDispatch();
  const { cluster } = useClusterInfo();
  const snapshot = useClientSnapshot();
  const now = useNow(30_000);
  const [formOpen, setFormOpen] = useState(false);
  const communeId = session.principal.commune ?? '';
  const communeName = communeById(cluster, communeId)?.name ?? communeId;

  useEffect(
    () =>
      client.onEvent((event, { live }) => {
        if (live && event.type === 'assignment:created') beep(2);
        // An officer on one of our requests has not answered "an toàn?": the post is told, loudly.
        if (live && event.type === 'assignment:welfare_alert') beep(4, 660);
      }),
    [client],
  );

  const { state, outbox, refusals, positions } = snapshot;
  const queuedRaises = outbox.filter((i) => i.command.type === 'request:raise');
  // While raises wait in the outbox and the link is not live, the notice says when they will go out; it
  // goes once the link is back or they are delivered.
  const queuedNotLive = queuedRaises.length > 0 && snapshot.connection.kind !== 'live';
  const today = dayKey(now);
  const requests = useMemo(
    () =>
      Object.values(state.requests)
        .filter((r) => r.commune === communeId && (!isClosed(r) || dayKey(r.raisedAt) === today))
        .sort((a, b) => Number(isClosed(a)) - Number(isClosed(b)) || b.raisedAt - a.raisedAt),
    [state.requests, communeId, today],
  );
  // A raise or a cancel the server refused (a cancel races an officer's assignment): said, not dropped.
  const ownRefusals = refusals.filter(
    (r) => (r.command.type === 'request:raise' || r.command.type === 'request:cancel') && now - r.at < 600_000,
  );

  function send(draft: RaiseDraft) {
    setFormOpen(false);
    void client.send({
      type: 'request:raise',
      data: {
        kind: draft.kind,
        priority: draft.priority,
        note: draft.note,
        respondersWanted: draft.respondersWanted,
        ...(draft.location ? { location: draft.location } : {}),
      },
    });
  }

  return (
    <div className="screen post-screen">
      <AppHeader title={t('post.title', { commune: communeName })}>
        <ReportsLinks />
      </AppHeader>
      <main className="screen-body">
        <SosAlert client={client} cluster={cluster} state={snapshot.state} />
        <InsecureNotice need="offline" />
        {formOpen ? (
          <RaiseForm onSend={send} onClose={() => setFormOpen(false)} />
        ) : (
          <HoldButton
            className="raise-button"
            label={<Phrases text={t('post.raiseButton')} />}
            hint={t('post.holdHint')}
            keyHint={t('post.holdKeyHint')}
            holdingText={t('post.holding')}
            onHeld={() => {
              armAudio();
              setFormOpen(true);
            }}
          />
        )}
        {queuedNotLive && (
          <p className="notice" role="status" data-testid="post-queued-notice">
            {t(QUEUED_NOTICE[queuedDelivery(snapshot.connection)])}
          </p>
        )}
        {ownRefusals.map((r) => (
          <p key={r.command.id} className="error-text" role="alert">
            {t(r.command.type === 'request:cancel' ? 'post.cancelRefused' : 'post.refused', {
              message: t(errorKey(r.code)),
            })}
          </p>
        ))}
        <section aria-labelledby="my-requests" className="request-list">
          <h2 id="my-requests">{t('post.myRequests')}</h2>
          {queuedRaises.map((item) => (
            <QueuedCard key={item.command.id} item={item} onCancel={() => void client.cancelQueued(item.command.id)} />
          ))}
          {requests.map((r) => (
            <RequestCard
              key={r.id}
              request={r}
              assignments={assignmentsOf(state, r.id)}
              positions={positions}
              onCancel={() => void client.send({ type: 'request:cancel', data: { requestId: r.id } })}
            />
          ))}
          {queuedRaises.length === 0 && requests.length === 0 && <p className="hint">{t('post.noRequests')}</p>}
        </section>
      </main>
    </div>
  );
}
