// The console's SOS alarms, above every other: an open SOS stands until a dispatcher closes it (its
// banner line until acknowledged), and "mất liên lạc" with its officer stands until the phone is back.
import { openSosRequests } from '../../shared/sos';
import type { AlarmCause, AlarmRule } from './alarms';

export const sosAlarms: AlarmRule = (state, { online }) =>
  openSosRequests(state).flatMap((request): AlarmCause[] => {
    const sos = request.sos;
    if (!sos) return [];
    const cause = { requestId: request.id, officerId: sos.officerId };
    const causes: AlarmCause[] = [{ key: `sos:${request.id}`, kind: 'sos', ...cause, at: sos.raisedAt }];
    if (sos.lostContactAt !== null && online?.has(sos.officerId) !== true) {
      causes.push({
        key: `sos-lost:${request.id}:${sos.lostContactAt}`,
        kind: 'sos_lost_contact',
        ...cause,
        at: sos.lostContactAt,
      });
    }
    return causes;
  });
