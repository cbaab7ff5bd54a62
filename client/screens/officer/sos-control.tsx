// The officer's SOS, always on screen (on duty or off, with or without an assignment): a 2-second hold
// starts a 5-second countdown that "HỦY" stops (nothing is sent), then `officer:sos` goes out with the
// latest fix. Offline it waits at the head of the outbox and the screen says so. Once the server has it
// the phone cannot withdraw it: the officer may only say "an toàn"; a dispatcher closes it.
import { Siren } from 'lucide-react';
import '../../styles/sos.css';
import { useEffect, useRef, useState } from 'react';
import type { PositionReport } from '../../../shared/commands';
import { officerById } from '../../../shared/cluster';
import { assignmentsOf, isActiveAssignment, type DispatchState } from '../../../shared/domain';
import { openSosOf } from '../../../shared/sos';
import { armAudio, beep } from '../../components/alert-sound';
import { HoldButton } from '../../components/hold-button';
import { assignmentStatusKey, useFormat, useT } from '../../i18n';
import { useClusterInfo } from '../../net/react';
import { messages } from '../../i18n/messages/sos';
import type { DispatchClient } from '../../net/dispatch-client';
import type { OutboxItem } from '../../net/outbox';
import type { ConnectionStatus } from '../../net/types';
import { queuedDelivery, type QueuedDelivery } from '../../components/queued-delivery';

export const SOS_HOLD_MS = 2000;
export const SOS_COUNTDOWN_MS = 5000;

const QUEUED_HINT = {
  automatic: 'sos.queuedHint',
  after_reload: 'sos.queuedHintReload',
  after_login: 'sos.queuedHintLogin',
  blocked: 'sos.queuedHintBlocked',
} as const satisfies Record<QueuedDelivery, keyof typeof messages.vi>;

export interface SosMode {
  /** The SOS is queued or open: GPS on, at the fastest rate. */
  active: boolean;
  /** Counting down: GPS on so that the SOS carries a fresh fix. */
  arming: boolean;
  setArming: (arming: boolean) => void;
}

/** Whether this officer's SOS is under way; the screen turns GPS on (and fast) from it. */
export function useSosMode(state: DispatchState, outbox: readonly OutboxItem[], officerId: string): SosMode {
  const [arming, setArming] = useState(false);
  const active = openSosOf(state, officerId) !== undefined || outbox.some((i) => i.command.type === 'officer:sos');
  return { active, arming, setArming };
}

export interface SosControlProps {
  client: DispatchClient;
  state: DispatchState;
  outbox: readonly OutboxItem[];
  connection: ConnectionStatus;
  officerId: string;
  fix: PositionReport | null;
  mode: SosMode;
}

export function SosControl({ client, state, outbox, connection, officerId, fix, mode }: SosControlProps) {
  const t = useT(messages);
  const format = useFormat();
  const { cluster } = useClusterInfo();
  const [deadline, setDeadline] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const latestFix = useRef(fix);
  useEffect(() => {
    latestFix.current = fix;
  }, [fix]);
  const { setArming } = mode;

  useEffect(() => {
    if (deadline === null) return;
    const send = () => {
      setDeadline(null);
      setArming(false);
      const f = latestFix.current;
      void client.send({
        type: 'officer:sos',
        data: f ? { fix: { lat: f.lat, lon: f.lon, accuracy: f.accuracy, at: f.at } } : {},
      });
    };
    const timer = setInterval(() => {
      const at = Date.now();
      setNow(at);
      if (at >= deadline) {
        clearInterval(timer);
        send();
      }
    }, 200);
    return () => clearInterval(timer);
  }, [deadline, client, setArming]);

  const open = openSosOf(state, officerId);
  const queued = outbox.find((i) => i.command.type === 'officer:sos');
  const safeSending = outbox.some((i) => i.command.type === 'officer:sos_safe');

  if (open?.sos) {
    const safeAt = open.sos.safeAt;
    const responders = assignmentsOf(state, open.id)
      .filter(isActiveAssignment)
      .map(
        (a) => `${officerById(cluster, a.officerId)?.callsign ?? a.officerId} (${t(assignmentStatusKey(a.status))})`,
      );
    return (
      <section className="sos-card sos-open" role="status" data-testid="sos-state" data-sos="open">
        <h2>
          <Siren aria-hidden="true" focusable="false" className="sos-icon" />{' '}
          {t('sos.sent', { time: format.time(open.sos.raisedAt, { seconds: true }) })}
        </h2>
        <p>{t('sos.sentHint')}</p>
        {responders.length > 0 && (
          <p data-testid="sos-responders">{t('sos.responders', { list: responders.join(', ') })}</p>
        )}
        {safeAt !== null && <p>{t('sos.safeAt', { time: format.time(safeAt, { seconds: true }) })}</p>}
        <button
          type="button"
          className="btn btn-big btn-ok"
          disabled={safeSending}
          onClick={() => void client.send({ type: 'officer:sos_safe', data: { requestId: open.id } })}
        >
          {safeSending ? t('sos.safeSending') : t('sos.safe')}
        </button>
        <p className="hint">{t('sos.onlyDispatcher')}</p>
      </section>
    );
  }
  if (queued) {
    const offline = connection.kind !== 'live';
    return (
      <section className="sos-card sos-queued" role="alert" data-testid="sos-state" data-sos="queued">
        <h2>
          <Siren aria-hidden="true" focusable="false" className="sos-icon" />{' '}
          {offline || queued.status === 'queued' ? t('sos.queued') : t('sos.sending')}
        </h2>
        {offline && <p data-testid="sos-queued-hint">{t(QUEUED_HINT[queuedDelivery(connection)])}</p>}
      </section>
    );
  }
  if (deadline !== null) {
    const seconds = Math.max(0, Math.ceil((deadline - now) / 1000));
    return (
      <section className="sos-card sos-countdown" role="alert" data-testid="sos-state" data-sos="countdown">
        <h2 role="timer">{t('sos.countdown', { seconds })}</h2>
        <p>{t('sos.countdownHint')}</p>
        <button
          type="button"
          className="btn btn-huge sos-cancel"
          onClick={() => {
            setDeadline(null);
            setArming(false);
          }}
        >
          {t('sos.cancel')}
        </button>
      </section>
    );
  }
  return (
    <HoldButton
      className="sos-hold"
      holdMs={SOS_HOLD_MS}
      label={t('sos.button')}
      hint={t('sos.holdHint')}
      holdingText={t('sos.holding')}
      onHeld={() => {
        // Felt in a pocket or a hand: the countdown has started.
        armAudio();
        beep(1, 660);
        setArming(true);
        const at = Date.now();
        setNow(at);
        setDeadline(at + SOS_COUNTDOWN_MS);
      }}
    />
  );
}
