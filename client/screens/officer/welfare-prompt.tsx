// "Anh/chị có an toàn không?": the server asks an officer on scene with no update for a while. One huge
// button answers; sound and vibration repeat until it is answered, since the phone may be in a pocket.
import { useEffect } from 'react';
import type { Assignment } from '../../../shared/domain';
import { beep } from '../../components/alert-sound';
import { useFormat, useT } from '../../i18n';
import { messages } from '../../i18n/messages/officer';

/** How often the alert sounds again while the check is unanswered. */
export const WELFARE_REPEAT_MS = 15_000;

export function WelfarePrompt(props: { assignment: Assignment; sending: boolean; onSafe: () => void }) {
  const { assignment, sending, onSafe } = props;
  const t = useT(messages);
  const format = useFormat();
  const checkAt = assignment.welfareCheckAt ?? null;

  useEffect(() => {
    if (sending) return;
    beep(4, 660);
    const timer = setInterval(() => beep(4, 660), WELFARE_REPEAT_MS);
    return () => clearInterval(timer);
  }, [checkAt, sending]);

  return (
    <section
      className="welfare-prompt"
      role="alertdialog"
      aria-labelledby="welfare-title"
      aria-describedby="welfare-what"
    >
      <h2 id="welfare-title">{t('officer.welfareQuestion')}</h2>
      <p id="welfare-what">
        {checkAt !== null && t('officer.welfareAskedAt', { time: format.time(checkAt) })} {t('officer.welfareHint')}
      </p>
      {assignment.welfareAlertAt != null && (
        <p className="welfare-alerted" role="alert">
          {t('officer.welfareAlerted')}
        </p>
      )}
      <button type="button" className="btn btn-ok welfare-safe" autoFocus disabled={sending} onClick={onSafe}>
        {t('officer.welfareSafe')}
      </button>
      {sending && <p className="hint">{t('officer.welfareSending')}</p>}
    </section>
  );
}
