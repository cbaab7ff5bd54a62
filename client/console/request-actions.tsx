// Notes and closing a request: add a note; cancel with a reason; resolve with an outcome. Each closing
// action asks for a second click (a confirm step) so a slip of the mouse does not end a live request.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { OUTCOMES, type DispatchRequest, type Outcome } from '../../shared/domain';
import { outcomeKey, useFormat } from '../i18n';
import type { Cluster } from '../../shared/cluster';
import { actorName, type ConsoleMessage, type ConsoleT, type RunCommand } from './console-text';
import type { CommandDraft } from '../net/types';

export interface RequestActionsProps {
  t: ConsoleT;
  cluster: Cluster;
  request: DispatchRequest;
  closed: boolean;
  run: RunCommand;
}

export function RequestNotes({ t, cluster, request, closed, run }: RequestActionsProps) {
  const format = useFormat();
  const [text, setText] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    const ok = await run({ type: 'request:note', data: { requestId: request.id, text } }, (t) =>
      t('console.noteAdded'),
    );
    if (ok) setText('');
  };
  return (
    <section aria-labelledby="console-notes-title" className="console-notes">
      <h3 id="console-notes-title">{t('console.notes')}</h3>
      {request.notes.length === 0 ? (
        <p className="hint">{t('console.noNotes')}</p>
      ) : (
        <ul>
          {request.notes.map((n) => (
            <li key={n.id}>
              <time dateTime={new Date(n.at).toISOString()}>{format.time(n.at)}</time>{' '}
              <span className="hint">{actorName(t, cluster, n.actor)}:</span> {n.text}
            </li>
          ))}
        </ul>
      )}
      {!closed && (
        <form onSubmit={(e) => void submit(e)} className="console-inline-form">
          <label className="visually-hidden" htmlFor="console-note-text">
            {t('console.notePlaceholder')}
          </label>
          <input
            id="console-note-text"
            value={text}
            maxLength={1000}
            placeholder={t('console.notePlaceholder')}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" className="btn" disabled={!text.trim()}>
            {t('console.addNote')}
          </button>
        </form>
      )}
    </section>
  );
}

export function RequestClose({ t, request, run }: RequestActionsProps) {
  const [mode, setMode] = useState<'none' | 'cancel' | 'resolve'>('none');
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<Outcome>('handled');
  const close = async (draft: CommandDraft, success: ConsoleMessage) => {
    if (await run(draft, success)) setMode('none');
  };
  const back = () => setMode('none');
  return (
    <section className="console-close" aria-label={t('console.resolveRequest')}>
      {mode === 'none' && (
        <div className="console-buttons">
          <button type="button" className="btn btn-ok" onClick={() => setMode('resolve')}>
            {t('console.resolveRequest')}
          </button>
          <button type="button" className="btn btn-danger" onClick={() => setMode('cancel')}>
            {t('console.cancelRequest')}
          </button>
        </div>
      )}
      {mode === 'resolve' && (
        <ConfirmForm
          t={t}
          confirm={t('common.confirm')}
          tone="btn-ok"
          onBack={back}
          onConfirm={() =>
            close({ type: 'request:resolve', data: { requestId: request.id, outcome, note: reason } }, (t) =>
              t('console.resolved'),
            )
          }
        >
          <label className="field">
            <span>{t('console.outcome')}</span>
            <select value={outcome} onChange={(e) => setOutcome(e.target.value as Outcome)} autoFocus>
              {OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {t(outcomeKey(o))}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('console.resolveNote')}</span>
            <input value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} />
          </label>
        </ConfirmForm>
      )}
      {mode === 'cancel' && (
        <ConfirmForm
          t={t}
          confirm={t('console.cancelRequest')}
          tone="btn-danger"
          onBack={back}
          onConfirm={() =>
            close({ type: 'request:cancel', data: { requestId: request.id, reason } }, (t) => t('console.cancelled'))
          }
        >
          <label className="field">
            <span>{t('console.cancelReason')}</span>
            <input value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} autoFocus />
          </label>
        </ConfirmForm>
      )}
    </section>
  );
}

/** The second step of a closing action: its fields, then confirm and back. */
function ConfirmForm(props: {
  t: ConsoleT;
  confirm: string;
  tone: 'btn-ok' | 'btn-danger';
  onConfirm: () => Promise<void>;
  onBack: () => void;
  children: ReactNode;
}) {
  const form = useRef<HTMLFormElement>(null);
  // The confirm step opens at the bottom of the details: bring it into view (it was below the fold).
  useEffect(() => form.current?.scrollIntoView?.({ block: 'nearest' }), []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void props.onConfirm();
  };
  return (
    <form ref={form} onSubmit={submit} className="console-close-form">
      {props.children}
      <div className="console-buttons">
        <button type="submit" className={`btn ${props.tone}`}>
          {props.confirm}
        </button>
        <button type="button" className="btn btn-quiet" onClick={props.onBack}>
          {props.t('common.back')}
        </button>
      </div>
    </form>
  );
}
