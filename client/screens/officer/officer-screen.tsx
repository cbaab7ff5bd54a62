// /officer: a phone on a weak network. Duty toggle, GPS sharing while on duty, the current assignment
// with a countdown and big buttons, the welfare check. Answers go through the outbox, so a dead zone
// delays, never loses; receipts tell the post the assignment reached this phone.
import '../../styles/officer.css';
import { useEffect, useState } from 'react';
import { officerById } from '../../../shared/cluster';
import { activeAssignmentOf, DUTY_STATUSES, welfarePending, type DutyStatus } from '../../../shared/domain';
import { AppHeader } from '../../components/app-header';
import { InsecureNotice, isSecurePage } from '../../components/insecure-notice';
import { armAudio, beep } from '../../components/alert-sound';
import { useAcknowledged } from '../../hooks/use-acknowledged';
import { useNow } from '../../hooks/use-now';
import { dutyKey, errorKey, useFormat, useT } from '../../i18n';
import { messages } from '../../i18n/messages/officer';
import { useClientSnapshot, useClusterInfo, useDispatch } from '../../net/react';
import { useDeliveryReceipts } from '../../net/use-receipts';
import { AssignmentPanel, type AssignmentAction } from './assignment-panel';
import { endedNotices } from './ended-assignments';
import { EndedNotices } from './ended-notice';
import { fixNotTaken } from './fix-throttle';
import { LogoutConfirm } from './logout-confirm';
import { useGeolocationSharing, type GeoError } from './use-geolocation';
import { SosControl, useSosMode } from './sos-control';
import { useWakeLock } from './use-wake-lock';
import { WakeLockNotice } from './wake-lock-notice';
import { WelfarePrompt } from './welfare-prompt';
import { ownRecord } from '../../../shared/ids';
import { ErrorCode } from '../../../shared/protocol';

const GEO_ERROR_KEYS = {
  denied: 'officer.gpsDenied',
  unavailable: 'officer.gpsUnavailable',
  timeout: 'officer.gpsTimeout',
  unsupported: 'officer.gpsUnsupported',
} as const satisfies Record<GeoError, string>;

export function OfficerScreen() {
  const t = useT(messages);
  const format = useFormat();
  const { client, session } = useDispatch();
  const { cluster } = useClusterInfo();
  const snapshot = useClientSnapshot();
  const now = useNow(10_000);
  const officerId = session.principal.officerId ?? '';
  const callsign = officerById(cluster, officerId)?.callsign ?? officerId;
  const { state, outbox, refusals } = snapshot;
  const duty: DutyStatus = ownRecord(state.officers, officerId)?.duty ?? 'off_duty';
  const assignment = activeAssignmentOf(state, officerId);
  const request = assignment ? ownRecord(state.requests, assignment.requestId) : undefined;
  const sos = useSosMode(state, outbox, officerId);
  const sharing = duty === 'available' || assignment !== undefined || sos.active || sos.arming;
  const geo = useGeolocationSharing(client, sharing, sos.active);
  // Awake while the phone must keep sending fixes unattended: an open assignment or an SOS.
  const wakeLock = useWakeLock(assignment !== undefined || sos.active || sos.arming);
  useDeliveryReceipts(officerId);
  const [acknowledged, acknowledge] = useAcknowledged(`grd:officer-ended-ack:${officerId}`);
  const ended = endedNotices(state, officerId, acknowledged, now + snapshot.serverOffsetMs);
  const positionNotTaken = fixNotTaken(
    {
      live: snapshot.connection.kind === 'live',
      pendingFix: snapshot.pendingFix !== null,
      lastFixSentAt: snapshot.lastFixSentAt,
    },
    now,
  );
  const [confirmLogout, setConfirmLogout] = useState<(() => void) | null>(null);

  useEffect(
    () =>
      client.onEvent((event, { live }) => {
        if (!live || !('officerId' in event.data) || event.data.officerId !== officerId) return;
        if (event.type === 'assignment:created') beep(3, 988);
        // A job taken away must be noticed as surely as one given.
        else if (event.type === 'assignment:removed' || event.type === 'assignment:expired') beep(2, 440);
      }),
    [client, officerId],
  );

  const dutyPending = outbox.some((i) => i.command.type === 'officer:set_duty');
  const assignmentPending =
    assignment !== undefined &&
    outbox.some((i) => 'assignmentId' in i.command.data && i.command.data.assignmentId === assignment.id);
  const safeSending =
    assignment !== undefined &&
    outbox.some((i) => i.command.type === 'assignment:confirm_safe' && i.command.data.assignmentId === assignment.id);
  const recentRefusals = refusals.filter((r) => now - r.at < 120_000);

  function setDuty(next: DutyStatus) {
    armAudio();
    if (next !== duty) void client.send({ type: 'officer:set_duty', data: { duty: next } });
  }

  function requestLogout(logout: () => void) {
    if (duty === 'available' || assignment) setConfirmLogout(() => logout);
    else logout();
  }

  async function offDutyAndLogout(logout: () => void) {
    // Sent before the session ends; if the link is down it stays in this account's outbox.
    await Promise.race([
      client.send({ type: 'officer:set_duty', data: { duty: 'off_duty' } }),
      new Promise((resolve) => setTimeout(resolve, 5000)),
    ]);
    logout();
  }

  function confirmSafe() {
    if (!assignment) return;
    armAudio();
    void client.send({ type: 'assignment:confirm_safe', data: { assignmentId: assignment.id } });
  }

  function act(action: AssignmentAction) {
    if (!assignment) return;
    armAudio();
    const assignmentId = assignment.id;
    if (action.type === 'accept') void client.send({ type: 'assignment:accept', data: { assignmentId } });
    else if (action.type === 'decline')
      void client.send({ type: 'assignment:decline', data: { assignmentId, reason: action.reason } });
    else void client.send({ type: 'assignment:advance', data: { assignmentId, status: action.status } });
  }

  return (
    <div className="screen officer-screen">
      <AppHeader title={t('officer.title', { callsign })} onLogout={requestLogout} />
      <main className="screen-body">
        <SosControl
          client={client}
          state={state}
          outbox={outbox}
          connection={snapshot.connection}
          officerId={officerId}
          fix={geo.fix}
          mode={sos}
        />
        {confirmLogout && (
          <LogoutConfirm
            holding={assignment ? (request?.number ?? 0) : null}
            onDutyOffAndLogout={() => void offDutyAndLogout(confirmLogout)}
            onLogout={confirmLogout}
            onStay={() => setConfirmLogout(null)}
          />
        )}
        {assignment && welfarePending(assignment) && (
          <WelfarePrompt assignment={assignment} sending={safeSending} onSafe={confirmSafe} />
        )}
        {recentRefusals.map((r) => (
          <p key={r.command.id} className="error-text" role="alert">
            {r.command.type === 'officer:set_duty' && r.code === ErrorCode.OfficerBusy
              ? t('officer.offDutyBlocked')
              : t('officer.refused', { message: t(errorKey(r.code)) })}
          </p>
        ))}
        <EndedNotices notices={ended} onAcknowledge={acknowledge} />
        {/* An assignment comes first: on a small phone it must not sit below the duty and GPS cards. */}
        {assignment && (
          <AssignmentPanel
            assignment={assignment}
            request={request}
            fix={geo.fix}
            serverOffsetMs={snapshot.serverOffsetMs}
            busy={assignmentPending}
            onAction={act}
          />
        )}
        {(assignment || sos.active) && <WakeLockNotice state={wakeLock} />}
        {assignmentPending && <p className="hint">{t('officer.pending')}</p>}
        <section className="card" aria-labelledby="duty-title">
          <h2 id="duty-title">{t('officer.duty')}</h2>
          <div className="segmented duty-toggle">
            {DUTY_STATUSES.map((d) => (
              <button
                key={d}
                type="button"
                className={`btn btn-big ${d === 'available' ? 'duty-on' : 'duty-off'}`}
                aria-pressed={duty === d}
                disabled={dutyPending || (d === 'off_duty' && assignment !== undefined)}
                onClick={() => setDuty(d)}
              >
                {t(dutyKey(d))}
              </button>
            ))}
          </div>
          {assignment && duty === 'available' && <p className="hint">{t('officer.offDutyBlocked')}</p>}
          {dutyPending && <p className="hint">{t('officer.pending')}</p>}
        </section>

        <section className="card gps" aria-labelledby="gps-title">
          <h2 id="gps-title">{t('officer.gps')}</h2>
          {!sharing ? (
            <p className="hint">{t('officer.gpsOff')}</p>
          ) : !isSecurePage() ? (
            // Over plain HTTP the browser denies geolocation itself: say why, not "allow Location".
            <InsecureNotice need="gps" />
          ) : (
            <>
              {geo.error && (
                <p className="error-text" role="alert">
                  {t(GEO_ERROR_KEYS[geo.error])}
                </p>
              )}
              {!geo.fix && !geo.error && <p>{t('officer.gpsWaiting')}</p>}
              {geo.fix && <p>{t('officer.gpsAccuracy', { meters: Math.round(geo.fix.accuracy) })}</p>}
              <p className="hint">
                {snapshot.lastFixSentAt !== null
                  ? t('officer.gpsLastSent', { time: format.time(snapshot.lastFixSentAt, { seconds: true }) })
                  : t('officer.gpsNotSent')}
                {snapshot.pendingFix && snapshot.connection.kind !== 'live' && <> · {t('officer.gpsQueued')}</>}
                {positionNotTaken && <> · {t('officer.gpsNotTaken')}</>}
              </p>
            </>
          )}
        </section>

        {!assignment && (
          <p className="card hint">{duty === 'available' ? t('officer.noAssignment') : t('officer.offDutyHint')}</p>
        )}
      </main>
    </div>
  );
}
