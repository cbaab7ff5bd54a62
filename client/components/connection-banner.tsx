// "Trực tuyến" / "Đang kết nối lại…" / "Mất kết nối từ 02:14": whether what is on screen is current.
// Refused for a protocol mismatch, it carries the way out: a big "Tải lại ứng dụng" button (an installed
// PWA has no reload button of its own).
import type { ConnectionStatus } from '../net/types';
import { errorKey, useFormat, useT } from '../i18n';
import { isProtocolMismatch } from '../hooks/use-reload-on-protocol-mismatch';

export function connectionTone(status: ConnectionStatus): 'ok' | 'warn' | 'bad' {
  if (status.kind === 'live') return 'ok';
  if (status.kind === 'connecting') return 'warn';
  return 'bad';
}

export function ConnectionBanner({
  status,
  onReload,
}: {
  status: ConnectionStatus;
  /** What the reload button does: reloadAfterSave, so nothing queued is lost. */
  onReload: () => void;
}) {
  const t = useT();
  const format = useFormat();
  let text: string;
  switch (status.kind) {
    case 'live':
      text = t('conn.live');
      break;
    case 'connecting':
      text = status.reconnecting ? t('conn.reconnecting') : t('conn.connecting');
      break;
    case 'offline':
      text = t('conn.offline', { time: format.time(status.since) });
      break;
    case 'refused':
      // The code in the reader's language; the server's (English) sentence only when the code is unknown.
      text = t('conn.refused', { message: status.code === 'unknown' ? status.message : t(errorKey(status.code)) });
      break;
  }
  const tone = connectionTone(status);
  const banner = (
    <div className={`conn-banner conn-${tone}`} role="status" aria-live="polite" data-connection={status.kind}>
      <span className="conn-dot" aria-hidden="true" />
      {text}
    </div>
  );
  if (!isProtocolMismatch(status)) return banner;
  return (
    <>
      {banner}
      <div className="conn-reload">
        <button type="button" className="btn btn-big btn-ok" onClick={onReload}>
          {t('conn.reload')}
        </button>
      </div>
    </>
  );
}
