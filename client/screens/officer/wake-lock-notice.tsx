// What the officer needs to know about the screen wake lock: only that the phone refused it.
import { useT } from '../../i18n';
import { messages } from '../../i18n/messages/deploy';
import type { WakeLockState } from './use-wake-lock';

export function WakeLockNotice({ state }: { state: WakeLockState }) {
  const t = useT(messages);
  if (state !== 'refused' && state !== 'unsupported') return null;
  return (
    <p className="hint wake-lock-notice" role="status" data-testid="wake-lock-notice">
      {t(state === 'refused' ? 'deploy.wakeLockRefused' : 'deploy.wakeLockUnsupported')}
    </p>
  );
}
