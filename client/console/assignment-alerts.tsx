// Beside an officer in the request's detail: an unanswered "an toàn?" check (with a button to confirm
// on the officer's behalf, e.g. after reaching them by phone) and an offline alert while on the job.
import { welfarePending, type Assignment } from '../../shared/domain';
import { useFormat } from '../i18n';
import type { ConsoleT, RunCommand } from './console-text';

export function AssignmentAlerts(props: {
  t: ConsoleT;
  assignment: Assignment;
  callsign: string;
  busy: boolean;
  run: RunCommand;
}) {
  const { t, assignment: a, callsign, busy, run } = props;
  const format = useFormat();
  const active = ['accepted', 'en_route', 'on_scene'].includes(a.status);
  const welfare = active && welfarePending(a);
  const offline = active && a.offlineAlertAt != null && a.offlineAlertSince != null;
  if (!welfare && !offline) return null;
  return (
    <span className="assignment-alerts">
      {welfare && (
        <span className={`chip ${a.welfareAlertAt != null ? 'chip-welfare-alert' : 'chip-welfare'}`}>
          {t(a.welfareAlertAt != null ? 'console.welfareUnanswered' : 'console.welfareAsked', {
            time: format.time(a.welfareCheckAt ?? a.onSceneAt ?? a.assignedAt),
          })}
        </span>
      )}
      {offline && (
        <span className="chip chip-welfare-alert">
          {t('console.officerOfflineAt', { time: format.time(a.offlineAlertSince ?? a.offlineAlertAt ?? 0) })}
        </span>
      )}
      {welfare && (
        <button
          type="button"
          className="btn btn-small"
          disabled={busy}
          onClick={() =>
            void run({ type: 'assignment:confirm_safe', data: { assignmentId: a.id } }, (t) =>
              t('console.confirmedSafe', { callsign }),
            )
          }
        >
          {t('console.confirmSafe', { callsign })}
        </button>
      )}
    </span>
  );
}
