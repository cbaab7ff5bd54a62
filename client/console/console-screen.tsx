// /console: the dispatcher's screen for a wall display (1920×1080) or a laptop. Map in the middle,
// queue on the left, the selected request and the roster on the right; alarms across the top.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { isClosed } from '../../shared/domain';
import { suggestResponders, type SuggestKnown } from '../../shared/suggest';
import { AppHeader } from '../components/app-header';
import { ReportsLinks } from '../reports/reports-links';
import { useNow } from '../hooks/use-now';
import { STALE_FIX_MS } from '../map';
import { useRoadTravel } from '../map/use-road-travel';
import { errorKey, kindKey, requestStatusKey, type ClientErrorCode } from '../i18n';
import { useClientSnapshot, useDispatch } from '../net/react';
import { useSeenReceipts } from '../net/use-receipts';
import type { CommandDraft } from '../net/types';
import { AlarmBanner, SoundControls } from './alarm-bar';
import { ConsoleMap } from './console-map';
import { callsignOf, useConsoleT } from './console-text';
import { nextOffer } from './offer-next';
import { OfficerRoster } from './officer-roster';
import { queueOrder, recentlyClosed } from './queue';
import { RequestDetail } from './request-detail';
import { RequestQueue, queueItemId } from './request-queue';
import { SosPanel } from './sos-panel';
import { SUGGESTION_KEYS } from './suggestion-list';
import { useAlarms } from './use-alarms';
import './console.css';
import { ownRecord } from '../../shared/ids';

const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

export function ConsoleScreen() {
  const t = useConsoleT();
  const { client, clusterInfo } = useDispatch();
  const { cluster } = clusterInfo;
  const snapshot = useClientSnapshot();
  const { state, positions, presence } = snapshot;
  const now = useNow(1000) + snapshot.serverOffsetMs;
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [feedback, setFeedback] = useState<{ ok: boolean; text: string } | null>(null);
  const detailRef = useRef<HTMLElement>(null);
  const alarms = useAlarms(state, t('alarm.titleFlash'));
  // Receipts: what this console has rendered counts as seen by a dispatcher.
  useSeenReceipts();

  const queue = useMemo(() => queueOrder(Object.values(state.requests)), [state.requests]);
  const closed = useMemo(() => recentlyClosed(Object.values(state.requests), 8), [state.requests]);
  const selected = selectedId ? ownRecord(state.requests, selectedId) : undefined;
  const online = useMemo(
    () => new Set(Object.values(presence).flatMap((p) => (p.online ? [p.officerId] : []))),
    [presence],
  );
  // What the console knows beyond the server's ranking: who is connected, how old each fix is.
  const travel = useRoadTravel(clusterInfo);
  const known = useMemo<SuggestKnown>(
    () => ({ online, now, staleAfterMs: STALE_FIX_MS, travel }),
    [online, now, travel],
  );
  // Cheap (a few dozen officers), so it simply follows positions and the clock.
  const suggestions = useMemo(
    () =>
      selected && !isClosed(selected)
        ? suggestResponders(state, positions, cluster, selected.id, clusterInfo.eta, known).slice(0, SUGGESTION_KEYS)
        : [],
    [selected, cluster, state, positions, known, clusterInfo.eta],
  );

  const offer = useMemo(
    () => (selected ? nextOffer(state, positions, cluster, selected.id, clusterInfo.eta, known) : null),
    [selected, state, positions, cluster, clusterInfo.eta, known],
  );

  const run = useCallback(
    async (draft: CommandDraft, success: string): Promise<boolean> => {
      setBusy(true);
      try {
        const ack = await client.send(draft);
        setFeedback(
          ack.ok
            ? { ok: true, text: success }
            : { ok: false, text: t('outbox.refused', { message: t(errorKey(ack.code as ClientErrorCode)) }) },
        );
        return ack.ok;
      } finally {
        setBusy(false);
      }
    },
    [client, t],
  );

  const assign = useCallback(
    (officerId: string) => {
      if (!selected || busy) return;
      void run(
        { type: 'assignment:assign', data: { requestId: selected.id, officerId } },
        t('console.assigned', { callsign: callsignOf(cluster, officerId) }),
      );
    },
    [selected, busy, run, t, cluster],
  );

  const closeDetail = useCallback(() => {
    const id = selectedId;
    setSelectedId(null);
    // Back to where the dispatcher came from: the queue (no dead end after Esc).
    requestAnimationFrame(() => {
      const list = document.querySelector<HTMLElement>('[data-testid="request-queue"]');
      list?.focus();
      if (id) document.getElementById(queueItemId(id))?.scrollIntoView?.({ block: 'nearest' });
    });
  }, [selectedId]);

  const open = useCallback((id: string) => {
    setSelectedId(id);
    requestAnimationFrame(() => detailRef.current?.focus());
  }, []);

  // Number keys assign the nth suggestion, N the offered next-nearest, Esc closes the details, unless typing.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === 'Escape') {
        if (typing(e.target)) (e.target as HTMLElement).blur();
        else if (selectedId) closeDetail();
        return;
      }
      if (!typing(e.target) && (e.key === 'n' || e.key === 'N') && offer?.next) {
        e.preventDefault();
        assign(offer.next.officerId);
        return;
      }
      const n = Number(e.key);
      if (typing(e.target) || !Number.isInteger(n) || n < 1 || n > SUGGESTION_KEYS) return;
      const suggestion = suggestions[n - 1];
      if (suggestion) {
        e.preventDefault();
        assign(suggestion.officerId);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [suggestions, offer, assign, selectedId, closeDetail]);

  return (
    <div className="screen console-screen">
      <AppHeader title={t('console.title')}>
        <SoundControls t={t} controls={alarms} />
        <ReportsLinks replay />
      </AppHeader>
      <AlarmBanner t={t} cluster={cluster} state={state} controls={alarms} onSelect={open} />
      <SosPanel cluster={cluster} state={state} positions={positions} now={now} busy={busy} onShow={open} run={run} />
      <main className="console-grid">
        <div className="console-left">
          <RequestQueue
            t={t}
            cluster={cluster}
            state={state}
            queue={queue}
            now={now}
            selectedId={selectedId}
            onSelect={setSelectedId}
            onOpen={open}
          />
          {closed.length > 0 && (
            <section className="console-closed" aria-labelledby="console-closed-title">
              <h2 id="console-closed-title">{t('console.recentlyClosed')}</h2>
              <ul>
                {closed.map((r) => (
                  <li key={r.id}>
                    <button type="button" className="btn btn-quiet btn-small" onClick={() => open(r.id)}>
                      #{r.number} {t(kindKey(r.kind))} – {t(requestStatusKey(r.status))}
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
        <ConsoleMap
          t={t}
          info={clusterInfo}
          state={state}
          positions={positions}
          presence={presence}
          now={now}
          selectedId={selectedId}
          onSelect={open}
        />
        <div className="console-right">
          <p
            className={`console-feedback${feedback && !feedback.ok ? ' error-text' : ''}`}
            role="status"
            aria-live="polite"
          >
            {feedback?.text ?? ''}
          </p>
          {selected ? (
            <RequestDetail
              ref={detailRef}
              t={t}
              cluster={cluster}
              state={state}
              request={selected}
              suggestions={suggestions}
              offer={offer}
              now={now}
              busy={busy}
              onAssign={assign}
              onClose={closeDetail}
              run={run}
            />
          ) : (
            <p className="hint console-select-hint">{t('console.selectHint')}</p>
          )}
          <OfficerRoster
            t={t}
            cluster={cluster}
            state={state}
            positions={positions}
            presence={presence}
            now={now}
            onSelectRequest={open}
          />
        </div>
      </main>
    </div>
  );
}
