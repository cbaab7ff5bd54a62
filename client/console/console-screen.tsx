// /console: the dispatcher's screen for a wall display (1920×1080) or a laptop (1366×768). Map in the
// middle, queue on the left, the selected request and the roster on the right; alarms across the top.
// A request counts as seen by a dispatcher once one opened it or acknowledged its alarm.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { isClosed, type DispatchState } from '../../shared/domain';
import { respondersOf } from '../../shared/responders';
import { suggestResponders, type SuggestKnown } from '../../shared/suggest';
import { AppHeader } from '../components/app-header';
import { ReportsLinks } from '../reports/reports-links';
import { useNow } from '../hooks/use-now';
import { STALE_FIX_MS } from '../map/area-style';
import { useRoadTravel } from '../map/use-road-travel';
import { errorKey, kindKey, requestStatusKey } from '../i18n';
import { useClientSnapshot, useDispatch } from '../net/react';
import { useSeenReceipts } from '../net/use-receipts';
import type { CommandDraft } from '../net/types';
import { AlarmBanner, SoundControls, SoundOffBar } from './alarm-bar';
import { ConsoleMap } from './console-map';
import { callsignOf, useConsoleT, type ConsoleMessage } from './console-text';
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
  // The status line belongs to the request it was about, and is kept as a message, not as text, so it
  // neither lingers on another request nor stays Vietnamese after a switch to English.
  const [feedback, setFeedback] = useState<{ requestId: string | null; ok: boolean; message: ConsoleMessage } | null>(
    null,
  );
  const detailRef = useRef<HTMLElement>(null);
  const online = useMemo(
    () => new Set(Object.values(presence).flatMap((p) => (p.online ? [p.officerId] : []))),
    [presence],
  );
  const alarms = useAlarms(state, { flashText: t('alarm.titleFlash'), now, online });
  // Receipts: a request is seen once a dispatcher opened it or acknowledged its alarm, not on arrival.
  const [looked, setLooked] = useState<readonly string[]>([]);
  const lookAt = useCallback(
    (id: string) => setLooked((ids) => (ids.includes(id) ? ids : [...ids.slice(-199), id])),
    [],
  );
  useSeenReceipts(looked);

  const queue = useMemo(() => queueOrder(Object.values(state.requests)), [state.requests]);
  const closed = useMemo(() => recentlyClosed(Object.values(state.requests), 8), [state.requests]);
  const selected = selectedId ? ownRecord(state.requests, selectedId) : undefined;
  // What the console knows beyond the server's ranking: who is connected, how old each fix is.
  const travel = useRoadTravel(clusterInfo);
  const known = useMemo<SuggestKnown>(
    () => ({ online, now, staleAfterMs: STALE_FIX_MS, travel }),
    [online, now, travel],
  );
  // Cheap (a few dozen officers), so it simply follows positions and the clock.
  const suggestions = useMemo(() => {
    if (!selected || isClosed(selected)) return [];
    const on = alreadyOn(state, selected.id);
    return suggestResponders(state, positions, cluster, selected.id, clusterInfo.eta, known)
      .filter((s) => !on.has(s.officerId))
      .slice(0, SUGGESTION_KEYS);
  }, [selected, cluster, state, positions, known, clusterInfo.eta]);

  const offer = useMemo(
    () => (selected ? nextOffer(state, positions, cluster, selected.id, clusterInfo.eta, known) : null),
    [selected, state, positions, cluster, clusterInfo.eta, known],
  );

  const run = useCallback(
    async (draft: CommandDraft, success: ConsoleMessage): Promise<boolean> => {
      setBusy(true);
      const requestId = selectedId;
      try {
        const ack = await client.send(draft);
        setFeedback(
          ack.ok
            ? { requestId, ok: true, message: success }
            : {
                requestId,
                ok: false,
                message: (tr) => tr('outbox.refused', { message: tr(errorKey(ack.code)) }),
              },
        );
        return ack.ok;
      } finally {
        setBusy(false);
      }
    },
    [client, selectedId],
  );

  const assign = useCallback(
    (officerId: string) => {
      if (!selected || busy) return;
      void run({ type: 'assignment:assign', data: { requestId: selected.id, officerId } }, (tr) =>
        tr('console.assigned', { callsign: callsignOf(cluster, officerId) }),
      );
    },
    [selected, busy, run, cluster],
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

  const { acknowledge } = alarms;
  const select = useCallback(
    (id: string | null) => {
      setSelectedId(id);
      if (id) {
        lookAt(id);
        // Opened: the "new request" alarm has done its job.
        acknowledge(`new:${id}`);
      }
    },
    [lookAt, acknowledge],
  );
  const open = useCallback(
    (id: string) => {
      select(id);
      requestAnimationFrame(() => detailRef.current?.focus());
    },
    [select],
  );
  const alarmControls = useMemo(
    () => ({
      ...alarms,
      acknowledge: (key: string) => {
        const alarm = alarms.alarms.find((a) => a.key === key);
        if (alarm) lookAt(alarm.requestId);
        alarms.acknowledge(key);
      },
      acknowledgeAll: () => {
        for (const a of alarms.alarms) lookAt(a.requestId);
        alarms.acknowledgeAll();
      },
    }),
    [alarms, lookAt],
  );

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

  const shownFeedback = feedback && feedback.requestId === selectedId ? feedback : null;

  return (
    <div className="screen console-screen">
      <AppHeader title={t('console.title')}>
        <SoundControls t={t} controls={alarms} />
        <ReportsLinks dispatcher />
      </AppHeader>
      <SoundOffBar t={t} controls={alarms} />
      <AlarmBanner t={t} cluster={cluster} state={state} controls={alarmControls} onSelect={open} />
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
            onSelect={select}
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
            className={`console-feedback${shownFeedback && !shownFeedback.ok ? ' error-text' : ''}`}
            role="status"
            aria-live="polite"
          >
            {shownFeedback?.message(t) ?? ''}
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

/** Officers already on the request (or done on it): not suggested for it again. */
function alreadyOn(state: DispatchState, requestId: string): Set<string> {
  return new Set(respondersOf(state, requestId).map((a) => a.officerId));
}
