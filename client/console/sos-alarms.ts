// The console's SOS alarms, above every other: an SOS coming in, and "mất liên lạc" with its officer.
import type { DispatchState } from '../../shared/domain';
import type { AlarmCause } from './alarms';

export function detectSosAlarms(prev: DispatchState, next: DispatchState): AlarmCause[] {
  const causes: AlarmCause[] = [];
  for (const request of Object.values(next.requests)) {
    const sos = request.sos;
    if (!sos) continue;
    const before = Object.hasOwn(prev.requests, request.id) ? prev.requests[request.id]?.sos : undefined;
    const cause = { requestId: request.id, officerId: sos.officerId };
    if (!before && sos.closedAt === null) causes.push({ key: `sos:${request.id}`, kind: 'sos', ...cause });
    if (sos.lostContactAt !== null && sos.lostContactAt !== (before?.lostContactAt ?? null)) {
      causes.push({ key: `sos-lost:${request.id}:${sos.lostContactAt}`, kind: 'sos_lost_contact', ...cause });
    }
  }
  return causes;
}
