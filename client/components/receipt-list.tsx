// "Gửi lúc 14:02:11 · Máy chủ nhận 14:02:12 · Điều phối đã xem 14:02:20 · Đã đến máy KP-1 14:03:01 ·
// KP-1 nhận lệnh 14:03:15": how far a request has gone, each time in 24-hour Vietnam time to the second.
import type { Assignment, DispatchRequest } from '../../shared/domain';
import { useFormat, useT, type CommonKey } from '../i18n';
import { requestReceipts, type Receipt } from '../../shared/receipts';

const ANSWER_KEYS = {
  accepted: 'receipt.accepted',
  declined: 'receipt.declined',
  expired: 'receipt.expired',
  removed: 'receipt.removed',
  pending: 'receipt.accepted',
} as const satisfies Record<Extract<Receipt, { step: 'answered' }>['answer'], CommonKey>;

export function ReceiptList(props: {
  request: DispatchRequest;
  assignments: readonly Assignment[];
  callsign: (officerId: string) => string;
}) {
  const t = useT();
  const format = useFormat();
  const receipts = requestReceipts(props.request, props.assignments);

  function label(r: Receipt): string {
    switch (r.step) {
      case 'sent':
        return t('receipt.sent');
      case 'received':
        return t('receipt.received');
      case 'seen':
        return t('receipt.seen');
      case 'delivered':
        return t('receipt.delivered', { callsign: props.callsign(r.officerId) });
      case 'answered':
        return t(ANSWER_KEYS[r.answer], { callsign: props.callsign(r.officerId) });
    }
  }

  return (
    <dl className="receipts" aria-label={t('receipt.title')}>
      {receipts.map((r) => (
        <div
          key={'assignmentId' in r ? `${r.step}:${r.assignmentId}` : r.step}
          className={r.at === null ? 'receipt receipt-waiting' : 'receipt'}
          data-receipt={r.step}
        >
          <dt>{label(r)}</dt>
          <dd>{r.at === null ? t('receipt.notYet') : format.time(r.at, { seconds: true })}</dd>
        </div>
      ))}
    </dl>
  );
}
