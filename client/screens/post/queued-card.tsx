// A request still in the outbox: clearly not yet delivered, with the option to drop it.
import type { OutboxItem } from '../../net/outbox';
import { KindIcon } from '../../components/kind-icon';
import { StatusChip } from '../../components/status-chip';
import { errorKey, kindKey, priorityKey, useFormat, useT } from '../../i18n';
import { messages } from '../../i18n/messages/post';
import { ConfirmButton } from './confirm-button';

export function QueuedCard({ item, onCancel }: { item: OutboxItem; onCancel: () => void }) {
  const t = useT(messages);
  const format = useFormat();
  const command = item.command;
  if (command.type !== 'request:raise') return null;
  const { kind, priority, note } = command.data;
  return (
    <article className="request-card card stage-queued" data-outbox={command.id} data-stage="queued">
      <header className="request-card-head">
        <span className="tile-icon" aria-hidden="true">
          <KindIcon kind={kind} size={32} />
        </span>
        <h3>{t(kindKey(kind))}</h3>
        <span className={`chip prio-${priority}`}>{t(priorityKey(priority))}</span>
      </header>
      <p className="request-stage" role="status">
        <StatusChip chip={{ of: 'queued' }} /> {item.status === 'sending' && <span>{t('outbox.sending')}</span>}
      </p>
      <p className="hint">
        {t('post.raisedAt', { time: format.time(command.sentAt) })}
        {item.attempts > 0 && <span> · {t('post.outboxAttempts', { n: item.attempts })}</span>}
        {item.lastError && <span> · {t(errorKey(item.lastError.code))}</span>}
      </p>
      {note && <p className="request-note">{note}</p>}
      <ConfirmButton
        label={t('post.cancelRequest')}
        question={t('post.cancelQueuedConfirm')}
        yes={t('post.cancelYes')}
        no={t('post.cancelNo')}
        onConfirm={onCancel}
        disabled={!item.cancellable}
      />
      {!item.cancellable && item.status !== 'sending' && <p className="hint">{t('post.cancelAfterSent')}</p>}
    </article>
  );
}
