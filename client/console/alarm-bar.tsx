// The alarm banner (one line per unacknowledged cause) and the sound controls: armed or not, test tone.
import type { Cluster } from '../../shared/cluster';
import type { DispatchState } from '../../shared/domain';
import { kindKey } from '../i18n';
import type { AlarmCause } from './alarms';
import { callsignOf, communeName, type ConsoleT } from './console-text';
import type { AlarmControls } from './use-alarms';
import { ownRecord } from '../../shared/ids';

function describe(t: ConsoleT, cluster: Cluster, state: DispatchState, alarm: AlarmCause): string {
  const request = ownRecord(state.requests, alarm.requestId);
  const number = request?.number ?? '?';
  const commune = request ? communeName(cluster, request.commune) : '';
  const callsign = alarm.officerId ? callsignOf(cluster, alarm.officerId) : '';
  switch (alarm.kind) {
    case 'new_request':
      return t('alarm.banner.new_request', { number, kind: request ? t(kindKey(request.kind)) : '', commune });
    case 'assignment_expired':
      return t('alarm.banner.assignment_expired', { number, callsign });
    case 'assignment_declined':
      return t('alarm.banner.assignment_declined', { number, callsign });
    case 'unassigned':
      return t('alarm.banner.unassigned', { number, commune });
    case 'welfare_alert':
      return t('alarm.banner.welfare_alert', { number, callsign });
    case 'officer_offline':
      return t('alarm.banner.officer_offline', { number, callsign });
    case 'sos':
      return t('alarm.banner.sos', { callsign, commune });
    case 'sos_lost_contact':
      return t('alarm.banner.sos_lost_contact', { callsign });
  }
}

export function SoundControls({ t, controls }: { t: ConsoleT; controls: AlarmControls }) {
  return (
    <div className="alarm-sound" role="group" aria-label={t('alarm.armHint')}>
      <button
        type="button"
        className={`btn btn-small ${controls.armed ? 'armed' : 'not-armed'}`}
        onClick={controls.arm}
        aria-pressed={controls.armed}
        title={t('alarm.armHint')}
        data-testid="alarm-armed"
      >
        <span aria-hidden="true">{controls.armed ? '🔔' : '🔕'}</span>{' '}
        {controls.armed ? t('alarm.armed') : t('alarm.notArmed')}
      </button>
      <button type="button" className="btn btn-small btn-quiet" onClick={controls.testTone}>
        {t('alarm.test')}
      </button>
    </div>
  );
}

export interface AlarmBannerProps {
  t: ConsoleT;
  cluster: Cluster;
  state: DispatchState;
  controls: AlarmControls;
  onSelect: (requestId: string) => void;
}

export function AlarmBanner({ t, cluster, state, controls, onSelect }: AlarmBannerProps) {
  if (controls.alarms.length === 0) return null;
  return (
    <div className="alarm-banner" role="alert" data-testid="alarm-banner">
      <ul>
        {controls.alarms.slice(0, 3).map((a) => (
          <li key={a.key} className={`alarm-${a.kind}`}>
            <button type="button" className="alarm-text" onClick={() => onSelect(a.requestId)}>
              {describe(t, cluster, state, a)}
            </button>
            <button type="button" className="btn btn-small" onClick={() => controls.acknowledge(a.key)}>
              {t('alarm.acknowledge')}
            </button>
          </li>
        ))}
      </ul>
      {controls.alarms.length > 1 && (
        <button type="button" className="btn btn-small" onClick={controls.acknowledgeAll}>
          {t('alarm.acknowledgeAll', { count: controls.alarms.length })}
        </button>
      )}
    </div>
  );
}
