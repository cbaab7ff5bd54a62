// @vitest-environment jsdom
// The console's queue and roster as rendered: order, live timers, marks and status labels, both languages.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useConsoleT } from '../../client/console/console-text';
import { OfficerRoster } from '../../client/console/officer-roster';
import { queueOrder } from '../../client/console/queue';
import { RequestQueue } from '../../client/console/request-queue';
import { describeEntry } from '../../client/console/request-timeline';
import { createT, setLang } from '../../client/i18n';
import { messages } from '../../client/i18n/messages/console';
import type { DispatchState } from '../../shared/domain';
import { EVENT_TYPES } from '../../shared/events';
import { EventLog, T0 } from '../support/event-fixtures';
import { seedCluster as cluster } from '../support/cluster-fixture';

beforeEach(() => setLang('vi'));
afterEach(cleanup);

function Queue({
  state,
  now,
  selectedId = null,
  onSelect = () => {},
}: {
  state: DispatchState;
  now: number;
  selectedId?: string | null;
  onSelect?: (id: string | null) => void;
}) {
  const t = useConsoleT();
  const queue = queueOrder(Object.values(state.requests));
  return (
    <RequestQueue
      t={t}
      cluster={cluster}
      state={state}
      queue={queue}
      now={now}
      selectedId={selectedId}
      onSelect={onSelect}
      onOpen={() => {}}
    />
  );
}

function busyMorning(): EventLog {
  const log = new EventLog();
  log.raise(0, 1, 'ky-phu', 'normal', 'theft');
  log.raise(5_000, 2, 'phu-long', 'critical', 'fire');
  log.onDuty(5_000, 'pl-1');
  const ref = log.assign(10_000, 'r1', 'ky-phu', 'a1', 'pl-1', 60_000);
  log.add(70_000, { type: 'assignment:expired', data: ref });
  log.add(75_000, {
    type: 'request:unassigned_alert',
    data: { requestId: 'r1', commune: 'ky-phu', level: 2, waitedMs: 65_000 },
  });
  log.onDuty(80_000, 'pl-2');
  log.assign(90_000, 'r2', 'phu-long', 'a2', 'pl-2', 60_000);
  return log;
}

describe('request queue view', () => {
  it('lists the critical request first, with its age and the time left for the pending officer', () => {
    render(<Queue state={busyMorning().state()} now={T0 + 125_000} />);
    const options = screen.getAllByRole('option');
    expect(options.map((o) => o.getAttribute('data-request-number'))).toEqual(['2', '1']);
    const first = within(options[0] as HTMLElement);
    expect(first.getByText('Cháy nổ')).toBeTruthy();
    expect(first.getByText('Khẩn cấp')).toBeTruthy();
    expect(first.getByText('Đã chờ 2:00')).toBeTruthy();
    expect(first.getByText('Chờ PL-2 trả lời: còn 0:25')).toBeTruthy();
    expect(first.getByText('Đã phân công')).toBeTruthy();
  });

  it('marks the request whose assignment expired and that has waited too long, in words not only colour', () => {
    render(<Queue state={busyMorning().state()} now={T0 + 125_000} />);
    const second = within(screen.getAllByRole('option')[1] as HTMLElement);
    expect(second.getByText('1 lượt phân công quá hạn')).toBeTruthy();
    expect(second.getByText('Quá lâu chưa phân công (báo lần 2)')).toBeTruthy();
    expect(second.getByText('Chưa phân công')).toBeTruthy();
  });

  it('the timers move with the clock', () => {
    const state = busyMorning().state();
    const { rerender } = render(<Queue state={state} now={T0 + 125_000} />);
    rerender(<Queue state={state} now={T0 + 140_000} />);
    const first = within(screen.getAllByRole('option')[0] as HTMLElement);
    expect(first.getByText('Đã chờ 2:15')).toBeTruthy();
    expect(first.getByText('Chờ PL-2 trả lời: còn 0:10')).toBeTruthy();
  });

  it('arrow keys move the selection through the listbox', () => {
    const selections: (string | null)[] = [];
    render(
      <Queue state={busyMorning().state()} now={T0 + 125_000} selectedId="r2" onSelect={(id) => selections.push(id)} />,
    );
    const list = screen.getByRole('listbox');
    expect(list.getAttribute('aria-activedescendant')).toBe('queue-item-r2');
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    fireEvent.keyDown(list, { key: 'ArrowUp' });
    expect(selections).toEqual(['r1', 'r2']);
  });

  it('speaks English after the language switch', () => {
    setLang('en');
    render(<Queue state={busyMorning().state()} now={T0 + 125_000} />);
    const second = within(screen.getAllByRole('option')[1] as HTMLElement);
    expect(second.getByText('1 assignment(s) expired')).toBeTruthy();
    expect(second.getByText('Unassigned')).toBeTruthy();
  });
});

describe('roster and timeline labels', () => {
  it('shows each officer by commune with duty status and the request the busy one is on', () => {
    const state = busyMorning().state();
    function Roster() {
      const t = useConsoleT();
      return (
        <OfficerRoster
          t={t}
          cluster={cluster}
          state={state}
          positions={{}}
          presence={{ 'pl-2': { officerId: 'pl-2', online: true, since: T0 } }}
          now={T0 + 125_000}
          onSelectRequest={() => {}}
        />
      );
    }
    render(<Roster />);
    const phuLong = within(screen.getByRole('region', { name: /Phú Long/ }));
    const pl2 = phuLong.getByText('PL-2').closest('li') as HTMLElement;
    expect(within(pl2).getByText('Đang làm nhiệm vụ')).toBeTruthy();
    expect(within(pl2).getByText('Trực tuyến')).toBeTruthy();
    expect(within(pl2).getByRole('button', { name: 'Đang: yêu cầu số 2 (Chờ nhận)' })).toBeTruthy();
    const pl3 = phuLong.getByText('PL-3').closest('li') as HTMLElement;
    expect(within(pl3).getByText('Nghỉ')).toBeTruthy();
    expect(within(pl3).getByText('Mất kết nối')).toBeTruthy();
    expect(screen.getByText('1 sẵn sàng · 1 đang làm nhiệm vụ · 16 nghỉ')).toBeTruthy();
  });

  it('describes timeline entries with their officer and status', () => {
    const state = busyMorning().state();
    const t = createT('vi', messages);
    const lines = state.requests.r1?.timeline.map((e) => describeEntry(t, cluster, e));
    expect(lines).toEqual([
      'Xã báo yêu cầu',
      'Phân công · PL-1',
      'Quá hạn trả lời · PL-1',
      'Cảnh báo chưa phân công · 2',
    ]);
  });
});

describe('console catalogue', () => {
  it('names every event type a request timeline can hold, in both languages (never the wire name)', () => {
    for (const type of EVENT_TYPES) {
      expect(messages.vi, type).toHaveProperty([`timeline.${type}`]);
      expect(messages.en, type).toHaveProperty([`timeline.${type}`]);
    }
  });

  it('has every English key in Vietnamese and no empty message', () => {
    expect(Object.keys(messages.vi).sort()).toEqual(Object.keys(messages.en).sort());
    for (const lang of ['vi', 'en'] as const) {
      for (const [key, text] of Object.entries(messages[lang])) expect(text.trim(), `${lang} ${key}`).not.toBe('');
    }
  });
});
