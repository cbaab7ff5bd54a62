// @vitest-environment jsdom
// The officer phone's side of the field trial that needs no browser: which ended assignments are
// explained (and which are not), the GPS heartbeat while standing still, and the step lock.
import { act, cleanup, render, renderHook, screen, fireEvent } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PositionReport } from '../../shared/commands';
import { setLang } from '../../client/i18n';
import type { DispatchClient } from '../../client/net/dispatch-client';
import { ENDED_NOTICE_WINDOW_MS, endedNotices } from '../../client/screens/officer/ended-assignments';
import { FIX_HEARTBEAT_MS, heartbeatDue } from '../../client/screens/officer/fix-throttle';
import { LogoutConfirm } from '../../client/screens/officer/logout-confirm';
import { STEP_LOCK_MS, useStepLock } from '../../client/screens/officer/step-lock';
import { useGeolocationSharing } from '../../client/screens/officer/use-geolocation';
import { EventLog, T0 } from '../support/event-fixtures';

const officer = (id: string) => ({ role: 'officer' as const, id });
const system = { role: 'system' as const };

beforeEach(() => setLang('vi'));
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('assignments that ended without the officer', () => {
  function history() {
    const log = new EventLog();
    log.onDuty(0, 'kp-1');
    for (const n of [1, 2, 3, 4]) log.raise(n * 1_000, n, 'ky-phu', 'high');
    const a1 = log.assign(10_000, 'r1', 'ky-phu', 'a1', 'kp-1');
    log.add(11_000, { type: 'assignment:removed', data: { ...a1, reason: '' } });
    const a2 = log.assign(12_000, 'r2', 'ky-phu', 'a2', 'kp-1');
    log.add(72_000, { type: 'assignment:expired', data: a2 }, system);
    const a3 = log.assign(73_000, 'r3', 'ky-phu', 'a3', 'kp-1');
    log.add(74_000, { type: 'assignment:accepted', data: a3 }, officer('kp-1'));
    // The desk closes r3 while kp-1 is still on it: released by the dispatcher, not by XONG.
    log.add(80_000, {
      type: 'request:resolved',
      data: { requestId: 'r3', commune: 'ky-phu', outcome: 'handled', note: '' },
    });
    log.add(80_000, { type: 'assignment:progressed', data: { ...a3, status: 'released' } });
    const a4 = log.assign(81_000, 'r4', 'ky-phu', 'a4', 'kp-1');
    log.add(82_000, { type: 'assignment:accepted', data: a4 }, officer('kp-1'));
    log.add(83_000, { type: 'assignment:progressed', data: { ...a4, status: 'released' } }, officer('kp-1'));
    return log;
  }

  it('explains a withdrawal, an expiry and a closing by the desk, newest first; never the officer’s own XONG', () => {
    const state = history().state();
    const notices = endedNotices(state, 'kp-1', new Set(), T0 + 90_000);
    expect(notices.map((n) => [n.requestNumber, n.why])).toEqual([
      [3, 'resolved'],
      [2, 'expired'],
      [1, 'removed'],
    ]);
  });

  it('an acknowledged one stays away, and so does one ended long ago', () => {
    const state = history().state();
    expect(endedNotices(state, 'kp-1', new Set(['a2']), T0 + 90_000).map((n) => n.assignment.id)).toEqual(['a3', 'a1']);
    expect(endedNotices(state, 'kp-1', new Set(), T0 + 80_000 + ENDED_NOTICE_WINDOW_MS)).toEqual([]);
    expect(endedNotices(state, 'kp-2', new Set(), T0 + 90_000)).toEqual([]);
  });
});

describe('GPS heartbeat', () => {
  it('is due with nothing sent, and again once the last report is a heartbeat old', () => {
    expect(heartbeatDue(null, 0)).toBe(true);
    expect(heartbeatDue(1_000, 1_000 + FIX_HEARTBEAT_MS - 1)).toBe(false);
    expect(heartbeatDue(1_000, 1_000 + FIX_HEARTBEAT_MS)).toBe(true);
  });

  it('sends a fresh fix while the phone stands still (watchPosition silent)', () => {
    vi.useFakeTimers();
    // jsdom has no GPS: a device that reported once and then, standing still, never again.
    const position = (at: number) =>
      ({
        coords: { latitude: 20.2, longitude: 105.75, accuracy: 10, heading: null, speed: null },
        timestamp: at,
      }) as GeolocationPosition;
    const geolocation = {
      watchPosition: vi.fn((ok: PositionCallback) => {
        ok(position(Date.now()));
        return 1;
      }),
      clearWatch: vi.fn(),
      getCurrentPosition: vi.fn((ok: PositionCallback) => ok(position(Date.now()))),
    };
    Object.defineProperty(navigator, 'geolocation', { value: geolocation, configurable: true });
    const sent: PositionReport[] = [];
    const client = { reportPosition: (fix: PositionReport) => sent.push(fix) } as unknown as DispatchClient;
    const { unmount } = renderHook(() => useGeolocationSharing(client, true));
    expect(sent).toHaveLength(1);
    act(() => vi.advanceTimersByTime(FIX_HEARTBEAT_MS * 3));
    expect(sent.length).toBeGreaterThanOrEqual(3);
    unmount();
    expect(geolocation.clearWatch).toHaveBeenCalled();
  });
});

describe('step lock', () => {
  it('refuses presses on a step just shown and a second press of the same step; a new step locks again', () => {
    vi.useFakeTimers();
    const pressed: string[] = [];
    const { result, rerender } = renderHook(({ step }) => useStepLock(step), { initialProps: { step: 'a1:accepted' } });
    act(() => result.current.press(() => pressed.push('early')));
    expect(result.current.locked).toBe(true);
    act(() => vi.advanceTimersByTime(STEP_LOCK_MS));
    expect(result.current.locked).toBe(false);
    act(() => result.current.press(() => pressed.push('first')));
    act(() => result.current.press(() => pressed.push('double')));
    rerender({ step: 'a1:en_route' });
    expect(result.current.locked).toBe(true);
    expect(pressed).toEqual(['first']);
  });
});

describe('logging out on duty', () => {
  it('offers "Nghỉ và đăng xuất" on duty, and only a warning while holding an assignment', () => {
    const off = vi.fn();
    const logout = vi.fn();
    const { rerender } = render(
      <LogoutConfirm holding={null} onDutyOffAndLogout={off} onLogout={logout} onStay={() => undefined} />,
    );
    expect(screen.getByRole('alertdialog').textContent).toContain('Đồng chí đang trực');
    fireEvent.click(screen.getByRole('button', { name: 'Nghỉ và đăng xuất' }));
    expect(off).toHaveBeenCalledOnce();
    rerender(<LogoutConfirm holding={4} onDutyOffAndLogout={off} onLogout={logout} onStay={() => undefined} />);
    expect(screen.getByRole('alertdialog').textContent).toContain('yêu cầu số 4');
    expect(screen.queryByRole('button', { name: 'Nghỉ và đăng xuất' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Vẫn đăng xuất' }));
    expect(logout).toHaveBeenCalledOnce();
  });
});
