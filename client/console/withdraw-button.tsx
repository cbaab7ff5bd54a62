// "Rút PL-1" takes an officer off a live request, so it asks once more before it acts.
import { useState } from 'react';
import type { Assignment } from '../../shared/domain';
import type { ConsoleT, RunCommand } from './console-text';

export function WithdrawButton(props: {
  t: ConsoleT;
  assignment: Assignment;
  callsign: string;
  busy: boolean;
  run: RunCommand;
}) {
  const { t, assignment, callsign, busy, run } = props;
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="btn btn-quiet btn-small" disabled={busy} onClick={() => setAsking(true)}>
        {t('console.unassign', { callsign })}
      </button>
    );
  }
  return (
    <span className="withdraw-confirm" role="group" aria-label={t('console.unassignQuestion', { callsign })}>
      <span>{t('console.unassignQuestion', { callsign })}</span>
      <button
        type="button"
        className="btn btn-danger btn-small"
        disabled={busy}
        autoFocus
        onClick={() =>
          void run({ type: 'assignment:unassign', data: { assignmentId: assignment.id, reason: '' } }, (tr) =>
            tr('console.unassigned', { callsign }),
          ).then(() => setAsking(false))
        }
      >
        {t('console.unassignYes', { callsign })}
      </button>
      <button type="button" className="btn btn-quiet btn-small" onClick={() => setAsking(false)}>
        {t('common.no')}
      </button>
    </span>
  );
}
