// The queue: open requests by priority then age, with live timers and marks. A listbox: arrow keys
// move the selection, Enter moves into the details, a click selects.
import { useRef, type KeyboardEvent } from 'react';
import type { Cluster } from '../../shared/cluster';
import type { DispatchRequest, DispatchState } from '../../shared/domain';
import { assignmentStatusKey, kindKey, priorityKey, requestStatusKey, useFormat } from '../i18n';
import { AlarmClock, TriangleAlert } from 'lucide-react';
import { KindIcon } from '../components/kind-icon';
import { callsignOf, communeName, type ConsoleT } from './console-text';
import { moveSelection, queueMarks } from './queue';

export interface RequestQueueProps {
  t: ConsoleT;
  cluster: Cluster;
  state: DispatchState;
  queue: readonly DispatchRequest[];
  now: number;
  selectedId: string | null;
  onSelect: (id: string | null) => void;
  /** Enter on a request: go to its details. */
  onOpen: (id: string) => void;
}

export const queueItemId = (requestId: string) => `queue-item-${requestId}`;

export function RequestQueue({ t, cluster, state, queue, now, selectedId, onSelect, onOpen }: RequestQueueProps) {
  const format = useFormat();
  const listRef = useRef<HTMLUListElement>(null);
  const ids = queue.map((r) => r.id);
  const active = selectedId && ids.includes(selectedId) ? selectedId : null;

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = moveSelection(ids, active, e.key === 'ArrowDown' ? 1 : -1);
      onSelect(next);
      if (next) document.getElementById(queueItemId(next))?.scrollIntoView?.({ block: 'nearest' });
    } else if (e.key === 'Enter' && active) {
      e.preventDefault();
      onOpen(active);
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      onSelect((e.key === 'Home' ? ids[0] : ids[ids.length - 1]) ?? null);
    }
  };

  return (
    <section className="console-queue" aria-labelledby="console-queue-title">
      <h2 id="console-queue-title">
        {t('console.queue')} <span className="console-count">{queue.length}</span>
      </h2>
      <p className="hint" id="console-queue-hint">
        {t('console.queueHint')}
      </p>
      {queue.length === 0 ? (
        <p className="console-empty">{t('console.queueEmpty')}</p>
      ) : (
        <ul
          ref={listRef}
          role="listbox"
          tabIndex={0}
          aria-labelledby="console-queue-title"
          aria-describedby="console-queue-hint"
          aria-activedescendant={active ? queueItemId(active) : undefined}
          className="console-queue-list"
          onKeyDown={onKeyDown}
          data-testid="request-queue"
        >
          {queue.map((r) => {
            const marks = queueMarks(state, r, now);
            const alert = marks.expiredCount > 0 || marks.unassignedTooLong;
            return (
              <li
                key={r.id}
                id={queueItemId(r.id)}
                role="option"
                aria-selected={r.id === active}
                className={`queue-item prio-${r.priority}${alert ? ' queue-alert' : ''}${r.id === active ? ' selected' : ''}`}
                onClick={() => {
                  onSelect(r.id);
                  listRef.current?.focus();
                }}
                data-request-number={r.number}
              >
                <div className="queue-row">
                  <span className="queue-number">#{r.number}</span>
                  <span className="queue-kind">
                    <KindIcon kind={r.kind} size={18} /> {t(kindKey(r.kind))}
                  </span>
                  <span className={`chip prio-${r.priority}`}>{t(priorityKey(r.priority))}</span>
                </div>
                <div className="queue-row queue-meta">
                  <span>{communeName(cluster, r.commune)}</span>
                  <span className="queue-age">{t('console.age', { age: format.duration(marks.ageMs, 'clock') })}</span>
                  {marks.readyToClose ? (
                    <span className="chip chip-ready">{t('console.readyToClose')}</span>
                  ) : (
                    <span className={`chip chip-${r.status}`}>{t(requestStatusKey(r.status))}</span>
                  )}
                </div>
                {marks.pending && (
                  <div className={`queue-row queue-pending${marks.pending.leftMs <= 15_000 ? ' urgent' : ''}`}>
                    {marks.pending.leftMs > 0
                      ? t('console.pendingLeft', {
                          callsign: callsignOf(cluster, marks.pending.assignment.officerId),
                          left: format.duration(marks.pending.leftMs, 'clock'),
                        })
                      : t('console.pendingOverdue', {
                          callsign: callsignOf(cluster, marks.pending.assignment.officerId),
                        })}
                  </div>
                )}
                {marks.responders.length > 0 && !marks.pending && (
                  <div className="queue-row queue-responders">
                    {t('console.responders', {
                      list: marks.responders
                        .map(
                          (a) =>
                            `${callsignOf(cluster, a.officerId)} ${t(assignmentStatusKey(a.status)).toLowerCase()}`,
                        )
                        .join(', '),
                    })}
                  </div>
                )}
                {marks.expiredCount > 0 && (
                  <div className="queue-row queue-mark">
                    <span>
                      <TriangleAlert size={16} aria-hidden="true" />{' '}
                      {t('console.markExpired', { count: marks.expiredCount })}
                    </span>
                  </div>
                )}
                {marks.unassignedTooLong && (
                  <div className="queue-row queue-mark">
                    <span>
                      <AlarmClock size={16} aria-hidden="true" />{' '}
                      {t('console.markUnassigned', { level: r.unassignedAlerts })}
                    </span>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
