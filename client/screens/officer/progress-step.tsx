// The one next step of an accepted assignment: ĐANG ĐẾN, then CÓ MẶT, then XONG. Each new button starts
// locked for a moment (step-lock.ts) and XONG asks once more, since after it the job leaves the phone.
import { useState } from 'react';
import type { Assignment } from '../../../shared/domain';
import { useT } from '../../i18n';
import { messages } from '../../i18n/messages/officer';
import { useStepLock } from './step-lock';

export type ProgressTarget = 'en_route' | 'on_scene' | 'released';

const NEXT: Partial<Record<Assignment['status'], ProgressTarget>> = {
  accepted: 'en_route',
  en_route: 'on_scene',
  on_scene: 'released',
};

export function ProgressStep(props: {
  assignment: Assignment;
  requestNumber: number | undefined;
  busy: boolean;
  onAdvance: (status: ProgressTarget) => void;
}) {
  const { assignment, requestNumber, busy, onAdvance } = props;
  const t = useT(messages);
  const next = NEXT[assignment.status];
  // Which assignment and status the confirm belongs to: a new step never inherits an open confirm.
  const [confirming, setConfirming] = useState<string | null>(null);
  const stepKey = `${assignment.id}:${assignment.status}`;
  const askDone = confirming === stepKey;
  const lock = useStepLock(askDone ? `${stepKey}:confirm` : stepKey);
  if (!next) return null;
  const disabled = busy || lock.locked;
  const label = { en_route: t('officer.enRoute'), on_scene: t('officer.onScene'), released: t('officer.done') }[next];

  if (askDone) {
    return (
      <div className="done-confirm" role="group" aria-labelledby="done-confirm-question">
        <p id="done-confirm-question" className="done-confirm-question">
          {t('officer.doneQuestion', { number: requestNumber ?? '?' })}
        </p>
        <button
          type="button"
          className="btn btn-ok btn-huge"
          disabled={disabled}
          data-locked={lock.locked}
          onClick={() => lock.press(() => onAdvance('released'))}
        >
          {t('officer.doneConfirm')}
        </button>
        <button type="button" className="btn btn-quiet btn-big" onClick={() => setConfirming(null)}>
          {t('officer.doneBack')}
        </button>
      </div>
    );
  }
  return (
    <button
      type="button"
      className="btn btn-primary btn-huge step-button"
      disabled={disabled}
      data-locked={lock.locked}
      onClick={() => lock.press(() => (next === 'released' ? setConfirming(stepKey) : onAdvance(next)))}
    >
      {label}
    </button>
  );
}
