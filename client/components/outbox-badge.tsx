// "2 yêu cầu chờ gửi · lâu nhất 1 phút 05 giây": commands made offline that the server has not yet got.
import type { OutboxEntry } from '../net/outbox-storage';
import { outboxSummary } from '../net/outbox';
import { useFormat, useT } from '../i18n';
import { useNow } from '../hooks/use-now';

export function OutboxBadge({ items }: { items: readonly OutboxEntry[] }) {
  const t = useT();
  const format = useFormat();
  const now = useNow();
  if (items.length === 0) return null;
  const { count, oldestAgeMs } = outboxSummary(items, now);
  return (
    <div className="outbox-badge" role="status" data-testid="outbox-badge">
      <strong>{t('outbox.count', { count })}</strong>
      <span> · {t('outbox.oldest', { age: format.duration(oldestAgeMs) })}</span>
    </div>
  );
}
