// @vitest-environment jsdom
// Screen pieces in jsdom: status labels in both languages, the connection banner, the outbox badge,
// the deadline countdown, the hold-to-activate guard, the post's stage of a request, fix throttling.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Assignment, DispatchRequest } from '../../shared/domain';
import { ConnectionBanner } from '../../client/components/connection-banner';
import { Countdown, timeLeftMs } from '../../client/components/countdown';
import { HoldButton } from '../../client/components/hold-button';
import { OutboxBadge } from '../../client/components/outbox-badge';
import { StatusChip } from '../../client/components/status-chip';
import { setLang } from '../../client/i18n';
import { postStage } from '../../client/screens/post/post-stage';
import { shouldSendFix } from '../../client/screens/officer/fix-throttle';
import { directionsUrl } from '../../client/screens/officer/assignment-panel';

beforeEach(() => setLang('vi'));
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('StatusChip', () => {
  it('labels request and assignment statuses in Vietnamese, and in English after the switch', () => {
    render(
      <>
        <StatusChip chip={{ of: 'assignment', status: 'en_route' }} />
        <StatusChip chip={{ of: 'request', status: 'open' }} />
        <StatusChip chip={{ of: 'queued' }} />
      </>,
    );
    expect(screen.getByText('Đang đến')).toBeTruthy();
    expect(screen.getByText('Chưa phân công')).toBeTruthy();
    expect(screen.getByText('Đang chờ gửi – cụm chưa nhận được')).toBeTruthy();
    act(() => setLang('en'));
    expect(screen.getByText('En route')).toBeTruthy();
    expect(screen.getByText('Queued – not yet received by the cluster')).toBeTruthy();
  });
});

describe('ConnectionBanner', () => {
  it('says live, reconnecting, or offline since a Vietnam-time clock time', () => {
    const since = Date.UTC(2025, 5, 14, 19, 14, 0); // 02:14 in Vietnam
    const { rerender } = render(<ConnectionBanner onReload={() => undefined} status={{ kind: 'live', since }} />);
    expect(screen.getByRole('status').textContent).toBe('Trực tuyến');
    rerender(
      <ConnectionBanner onReload={() => undefined} status={{ kind: 'connecting', since, reconnecting: true }} />,
    );
    expect(screen.getByRole('status').textContent).toBe('Đang kết nối lại…');
    rerender(<ConnectionBanner onReload={() => undefined} status={{ kind: 'offline', since }} />);
    expect(screen.getByRole('status').textContent).toBe('Mất kết nối từ 02:14');
  });
});

describe('OutboxBadge', () => {
  it('counts queued commands and shows the oldest one’s age; hidden when empty', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const entry = (id: string, queuedAt: number) => ({
      command: { id, type: 'request:cancel' as const, data: { requestId: 'r' }, sentAt: queuedAt },
      queuedAt,
      attempts: 0,
      lastError: null,
    });
    const { container, rerender } = render(<OutboxBadge items={[]} />);
    expect(container.textContent).toBe('');
    rerender(<OutboxBadge items={[entry('aaaaaaaa', 1_000_000 - 65_000), entry('bbbbbbbb', 1_000_000 - 5_000)]} />);
    expect(screen.getByTestId('outbox-badge').textContent).toBe('2 yêu cầu chờ gửi · lâu nhất 1 phút 05 giây');
  });
});

describe('Countdown', () => {
  it('counts down to a server deadline corrected by the clock offset, then says it is over', () => {
    vi.useFakeTimers({ now: 100_000 });
    // The server clock is 2 s ahead of the device: 60 s after server time 102 000 is 58 s from the device's view.
    render(
      <Countdown
        deadlineAt={162_000}
        serverOffsetMs={2_000}
        render={(clock) => `Còn ${clock}`}
        expiredText="Hết giờ"
      />,
    );
    expect(screen.getByRole('timer').textContent).toBe('Còn 1:00');
    act(() => vi.advanceTimersByTime(15_000));
    expect(screen.getByRole('timer').textContent).toBe('Còn 0:45');
    act(() => vi.advanceTimersByTime(46_000));
    expect(screen.getByRole('timer').textContent).toBe('Hết giờ');
    expect(timeLeftMs(162_000, 200_000, 0)).toBe(0);
  });
});

describe('HoldButton', () => {
  it('acts only after Space is held for the whole hold time, not on a short press', () => {
    vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'cancelAnimationFrame', 'performance', 'Date'] });
    const onHeld = vi.fn();
    render(<HoldButton onHeld={onHeld} holdMs={1500} label="YÊU CẦU HỖ TRỢ" hint="Nhấn giữ" holdingText="Giữ tiếp…" />);
    const button = screen.getByRole('button');
    fireEvent.keyDown(button, { key: ' ' });
    act(() => vi.advanceTimersByTime(700));
    expect(screen.getByText('Giữ tiếp…')).toBeTruthy();
    fireEvent.keyUp(button, { key: ' ' });
    act(() => vi.advanceTimersByTime(2000));
    expect(onHeld).not.toHaveBeenCalled();
    fireEvent.keyDown(button, { key: ' ' });
    act(() => vi.advanceTimersByTime(1600));
    expect(onHeld).toHaveBeenCalledTimes(1);
  });

  it('a click (press and release) does nothing, even once the hold time has passed', () => {
    vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'cancelAnimationFrame', 'performance', 'Date'] });
    const onHeld = vi.fn();
    render(<HoldButton onHeld={onHeld} holdMs={1500} label="X" hint="h" holdingText="g" />);
    const button = screen.getByRole('button');
    fireEvent.pointerDown(button);
    fireEvent.pointerUp(button);
    fireEvent.click(button);
    fireEvent.keyDown(button, { key: 'Enter' });
    fireEvent.keyUp(button, { key: 'Enter' });
    // Released before the hold time: nothing may fire later either.
    act(() => vi.advanceTimersByTime(3000));
    expect(onHeld).not.toHaveBeenCalled();
    // The same button held by pointer for the whole time does act, so the presses above were real.
    fireEvent.pointerDown(button);
    act(() => vi.advanceTimersByTime(1600));
    expect(onHeld).toHaveBeenCalledTimes(1);
  });
});

describe("the post's stage of a request", () => {
  const request = (status: DispatchRequest['status']) => ({ status }) as DispatchRequest;
  const assignment = (status: Assignment['status']) => ({ status }) as Assignment;

  it('follows the furthest responder and ignores declined or expired ones', () => {
    expect(postStage(request('open'), [])).toBe('received');
    expect(postStage(request('open'), [assignment('declined'), assignment('expired')])).toBe('received');
    expect(postStage(request('dispatched'), [assignment('pending')])).toBe('assigned');
    expect(postStage(request('dispatched'), [assignment('accepted'), assignment('en_route')])).toBe('en_route');
    expect(postStage(request('dispatched'), [assignment('en_route'), assignment('on_scene')])).toBe('on_scene');
    expect(postStage(request('resolved'), [assignment('released')])).toBe('resolved');
    expect(postStage(request('cancelled'), [assignment('en_route')])).toBe('cancelled');
  });
});

describe('officer helpers', () => {
  const fix = (lat: number, at: number) => ({ lat, lon: 105.75, accuracy: 10, at });

  it('sends a fix at most every 5 s unless the officer moved more than 20 m', () => {
    expect(shouldSendFix(null, fix(20.2, 0))).toBe(true);
    expect(shouldSendFix(fix(20.2, 0), fix(20.2, 2000))).toBe(false);
    expect(shouldSendFix(fix(20.2, 0), fix(20.2003, 2000))).toBe(true); // ~33 m north
    expect(shouldSendFix(fix(20.2, 0), fix(20.2, 5000))).toBe(true);
  });

  it('opens navigation to the request location', () => {
    expect(directionsUrl({ lat: 20.2166, lon: 105.7484 })).toBe(
      'https://www.google.com/maps/dir/?api=1&destination=20.2166,105.7484',
    );
  });
});
