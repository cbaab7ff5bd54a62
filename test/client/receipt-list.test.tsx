// @vitest-environment jsdom
// The receipts of a request as the post's card and the console show them: sent (device clock), received,
// seen, then per officer delivered and the answer, in 24-hour Vietnam time; steps not reached say "chưa".
import { cleanup, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assignmentsOf } from '../../shared/domain';
import { setLang } from '../../client/i18n';
import { ReceiptList } from '../../client/components/receipt-list';
import { requestReceipts, undeliveredAssignments, unseenRequests } from '../../shared/receipts';
import { EventLog, T0 } from '../support/event-fixtures';

// T0 is 07:00:00 UTC, 14:00:00 in Vietnam.
const officer = (id: string) => ({ role: 'officer' as const, id });
const dispatcher = { role: 'dispatcher' as const, id: 'dieu-phoi' };

function history() {
  const log = new EventLog();
  const r1 = log.raise(0, 1, 'ky-phu', 'critical');
  log.raise(1_000, 2, 'ky-phu', 'normal');
  log.onDuty(0, 'kp-1');
  log.onDuty(0, 'kp-2');
  log.add(8_000, { type: 'request:seen', data: { requestId: r1, commune: 'ky-phu' } }, dispatcher);
  const a1 = log.assign(20_000, r1, 'ky-phu', 'a1', 'kp-1');
  log.add(21_500, { type: 'assignment:delivered', data: a1 }, officer('kp-1'));
  log.add(80_000, { type: 'assignment:expired', data: a1 }, { role: 'system' });
  const a2 = log.assign(90_000, r1, 'ky-phu', 'a2', 'kp-2');
  log.add(91_000, { type: 'assignment:delivered', data: a2 }, officer('kp-2'));
  log.add(95_000, { type: 'assignment:accepted', data: a2 }, officer('kp-2'));
  return { log, r1 };
}

beforeEach(() => setLang('vi'));
afterEach(cleanup);

describe('requestReceipts', () => {
  it('lists sent, received, seen, then per assignment delivered and the answer, oldest assignment first', () => {
    const { log, r1 } = history();
    const state = log.state();
    const receipts = requestReceipts(state.requests[r1]!, assignmentsOf(state, r1));
    expect(receipts.map((r) => [r.step, 'answer' in r ? r.answer : null, r.at === null ? null : r.at - T0])).toEqual([
      ['sent', null, null],
      ['received', null, 0],
      ['seen', null, 8_000],
      ['delivered', null, 21_500],
      ['answered', 'expired', 80_000],
      ['delivered', null, 91_000],
      ['answered', 'accepted', 95_000],
    ]);
  });
});

describe('ReceiptList', () => {
  it('shows each time to the second in Vietnam time and "chưa" for what has not happened', () => {
    const { log } = history();
    const state = log.state(5); // r1 raised and seen, r2 raised, nobody assigned
    const r2 = state.requests.r2!;
    const { container, rerender } = render(
      <ReceiptList request={r2} assignments={[]} callsign={(id) => id.toUpperCase()} />,
    );
    const rows = () => [...container.querySelectorAll('[data-receipt]')].map((el) => el.textContent);
    expect(rows()).toEqual(['Gửi lúc (giờ máy)chưa', 'Cụm đã nhận14:00:01', 'Điều phối đã mở xemchưa']);

    const full = log.state();
    rerender(
      <ReceiptList
        request={full.requests.r1!}
        assignments={assignmentsOf(full, 'r1')}
        callsign={(id) => id.toUpperCase()}
      />,
    );
    expect(rows()).toEqual([
      'Gửi lúc (giờ máy)chưa',
      'Cụm đã nhận14:00:00',
      'Điều phối đã mở xem14:00:08',
      'Đã đến máy cán bộ KP-114:00:21',
      'Cán bộ KP-1 không trả lời (quá hạn)14:01:20',
      'Đã đến máy cán bộ KP-214:01:31',
      'Cán bộ KP-2 nhận nhiệm vụ14:01:35',
    ]);
  });
});

describe('what still needs a receipt', () => {
  it('an officer reports only its own active assignments not yet delivered; consoles only open unseen requests', () => {
    const { log, r1 } = history();
    const a3 = log.assign(100_000, 'r2', 'ky-phu', 'a3', 'kp-1');
    expect(undeliveredAssignments(log.state(), 'kp-1')).toEqual(['a3']);
    expect(undeliveredAssignments(log.state(), 'kp-2')).toEqual([]);
    log.add(101_000, { type: 'assignment:delivered', data: a3 }, officer('kp-1'));
    expect(undeliveredAssignments(log.state(), 'kp-1')).toEqual([]);

    expect(unseenRequests(log.state())).toEqual(['r2']);
    expect(unseenRequests(log.state(), [r1])).toEqual([]);
    log.add(102_000, { type: 'request:cancelled', data: { requestId: 'r2', commune: 'ky-phu', reason: '' } });
    expect(unseenRequests(log.state())).toEqual([]);
  });
});
