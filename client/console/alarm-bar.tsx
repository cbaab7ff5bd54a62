// The alarm banner (the most urgent, newest causes first, "+N more" for the rest), the sound controls
// in the header, and the bar that says sound is off: after a reload nothing may ring until a click,
// and a wall screen that went quiet must be impossible to miss.
import { useState } from 'react';
import { Bell, BellOff } from 'lucide-react';
import type { Cluster } from '../../shared/cluster';
import type { DispatchState } from '../../shared/domain';
import { kindKey } from '../i18n';
import type { AlarmCause } from './alarms';
import { callsignOf, communeName, type ConsoleT } from './console-text';
import type { AlarmControls } from './use-alarms';
import { ownRecord } from '../../shared/ids';

/** Lines shown before "+N more". */
export const BANNER_LINES = 3;

function describe(t: ConsoleT, cluster: Cluster, state: DispatchState, alarm: AlarmCause): string {
  const request = ownRecord(state.requests, alarm.requestId);
  const number = request?.number ?? '?';
  const commune = request ? communeName(cluster, request.commune) : '';
  const callsign = alarm.officerId ? callsignOf(cluster, alarm.officerId) : '';
  switch (alarm.kind) {
    case 'new_request':
      return t('alarm.banner.new_request', { number, kind: request ? t(kindKey(request.kind)) : '', commune });
    case 'request_cancelled':
      return t('alarm.banner.request_cancelled', { number, commune });
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
  const Icon = controls.armed ? Bell : BellOff;
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
        <Icon size={18} aria-hidden="true" /> {controls.armed ? t('alarm.armed') : t('alarm.notArmed')}
      </button>
      <button type="button" className="btn btn-small btn-quiet" onClick={controls.testTone}>
        {t('alarm.test')}
      </button>
    </div>
  );
}

/** Full width under the header while sound is off: the one state in which the desk can miss an alarm. */
export function SoundOffBar({ t, controls }: { t: ConsoleT; controls: AlarmControls }) {
  if (controls.armed) return null;
  return (
    <button type="button" className="sound-off-bar" onClick={controls.arm} data-testid="sound-off">
      <BellOff size={28} aria-hidden="true" />
      <span>
        <strong>{t('alarm.offTitle')}</strong> {t('alarm.offHint')}
      </span>
    </button>
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
  const [expanded, setExpanded] = useState(false);
  const { alarms } = controls;
  if (alarms.length === 0) return null;
  const shown = expanded ? alarms : alarms.slice(0, BANNER_LINES);
  const more = alarms.length - BANNER_LINES;
  return (
    <div className={`alarm-banner${expanded ? ' expanded' : ''}`} role="alert" data-testid="alarm-banner">
      <ul>
        {shown.map((a) => (
          <li key={a.key} className={`alarm-${a.kind}`} data-alarm={a.key}>
            <button type="button" className="alarm-text" onClick={() => onSelect(a.requestId)}>
              {describe(t, cluster, state, a)}
            </button>
            <button type="button" className="btn btn-small" onClick={() => controls.acknowledge(a.key)}>
              {t('alarm.acknowledge')}
            </button>
          </li>
        ))}
      </ul>
      <div className="alarm-banner-actions">
        {more > 0 && (
          <button
            type="button"
            className="btn btn-small alarm-more"
            aria-expanded={expanded}
            onClick={() => setExpanded((e) => !e)}
            data-testid="alarm-more"
          >
            {expanded ? t('alarm.fewer') : t('alarm.more', { count: more })}
          </button>
        )}
        {alarms.length > 1 && (
          <button type="button" className="btn btn-small" onClick={controls.acknowledgeAll}>
            {t('alarm.acknowledgeAll', { count: alarms.length })}
          </button>
        )}
      </div>
    </div>
  );
}
