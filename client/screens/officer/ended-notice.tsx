// "Nhiệm vụ ở yêu cầu số 4 đã được rút": an assignment that ended without the officer is explained
// until the officer presses ĐÃ BIẾT (see ended-assignments.ts).
import { useT } from '../../i18n';
import { messages } from '../../i18n/messages/officer';
import type { EndedNotice, EndedWhy } from './ended-assignments';

const WHY_KEYS = {
  removed: 'officer.endedRemoved',
  expired: 'officer.endedExpired',
  resolved: 'officer.endedResolved',
  cancelled: 'officer.endedCancelled',
} as const satisfies Record<EndedWhy, string>;

export function EndedNotices({
  notices,
  onAcknowledge,
}: {
  notices: readonly EndedNotice[];
  onAcknowledge: (id: string) => void;
}) {
  const t = useT(messages);
  if (notices.length === 0) return null;
  return (
    <section className="ended-notices" aria-label={t('officer.endedTitle')}>
      {notices.map((n) => (
        <div key={n.assignment.id} className="ended-notice card" role="alert" data-assignment={n.assignment.id}>
          <p className="ended-notice-text">{t(WHY_KEYS[n.why], { number: n.requestNumber ?? '?' })}</p>
          <p className="hint">{t(n.why === 'expired' ? 'officer.endedExpiredHint' : 'officer.endedHint')}</p>
          <button type="button" className="btn btn-big" onClick={() => onAcknowledge(n.assignment.id)}>
            {t('officer.endedAcknowledge')}
          </button>
        </div>
      ))}
    </section>
  );
}
