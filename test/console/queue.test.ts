import { describe, expect, it } from 'vitest';
import { moveSelection, queueMarks, queueOrder, recentlyClosed } from '../../client/console/queue';
import { EventLog, T0 } from '../support/event-fixtures';

describe('request queue', () => {
  it('orders open requests by priority first, then oldest first, and leaves closed ones out', () => {
    const log = new EventLog();
    log.raise(0, 1, 'ky-phu', 'normal');
    log.raise(1_000, 2, 'phu-long', 'critical');
    log.raise(2_000, 3, 'thanh-van', 'high');
    log.raise(3_000, 4, 'thanh-minh', 'critical');
    log.raise(4_000, 5, 'cuc-phuong', 'normal');
    log.add(5_000, { type: 'request:cancelled', data: { requestId: 'r5', commune: 'cuc-phuong', reason: '' } });
    const state = log.state();
    expect(queueOrder(Object.values(state.requests)).map((r) => r.number)).toEqual([2, 4, 3, 1]);
    expect(recentlyClosed(Object.values(state.requests)).map((r) => r.number)).toEqual([5]);
  });

  it('a dispatched request keeps its place by priority and age', () => {
    const log = new EventLog();
    log.raise(0, 1, 'ky-phu', 'high');
    log.raise(1_000, 2, 'ky-phu', 'high');
    log.onDuty(1_500, 'kp-1');
    log.assign(2_000, 'r1', 'ky-phu', 'a1', 'kp-1');
    const state = log.state();
    expect(state.requests.r1?.status).toBe('dispatched');
    expect(queueOrder(Object.values(state.requests)).map((r) => r.number)).toEqual([1, 2]);
  });
});

describe('queue timers and marks', () => {
  it('counts the age from the raise and the time left before the pending assignment expires', () => {
    const log = new EventLog();
    log.raise(0, 1, 'ky-phu', 'high');
    log.onDuty(0, 'kp-1');
    log.assign(10_000, 'r1', 'ky-phu', 'a1', 'kp-1', 60_000);
    const state = log.state();
    const request = state.requests.r1;
    if (!request) throw new Error('missing request');
    const marks = queueMarks(state, request, T0 + 25_000);
    expect(marks.ageMs).toBe(25_000);
    expect(marks.pending?.assignment.id).toBe('a1');
    expect(marks.pending?.leftMs).toBe(45_000);
    expect(marks.responders.map((a) => a.officerId)).toEqual(['kp-1']);
    expect(marks.expiredCount).toBe(0);
  });

  it('marks an expired assignment and an unassigned-too-long request until someone is on it', () => {
    const log = new EventLog();
    log.raise(0, 1, 'ky-phu', 'critical');
    log.onDuty(0, 'kp-1');
    const ref = log.assign(1_000, 'r1', 'ky-phu', 'a1', 'kp-1');
    log.add(61_000, { type: 'assignment:expired', data: ref });
    log.add(91_000, {
      type: 'request:unassigned_alert',
      data: { requestId: 'r1', commune: 'ky-phu', level: 1, waitedMs: 30_000 },
    });
    const expired = log.state();
    const r = expired.requests.r1;
    if (!r) throw new Error('missing request');
    const marks = queueMarks(expired, r, T0 + 95_000);
    expect(marks.expiredCount).toBe(1);
    expect(marks.unassignedTooLong).toBe(true);
    expect(marks.pending).toBeNull();

    log.onDuty(92_000, 'kp-2');
    log.assign(96_000, 'r1', 'ky-phu', 'a2', 'kp-2');
    const covered = log.state();
    const again = covered.requests.r1;
    if (!again) throw new Error('missing request');
    const after = queueMarks(covered, again, T0 + 97_000);
    expect(after.unassignedTooLong).toBe(false);
    expect(after.expiredCount).toBe(0);
    expect(after.pending?.leftMs).toBe(59_000);
  });

  it('an overdue pending assignment shows a negative time left rather than a fresh timer', () => {
    const log = new EventLog();
    log.raise(0, 1, 'phu-long', 'normal');
    log.onDuty(0, 'pl-1');
    log.assign(0, 'r1', 'phu-long', 'a1', 'pl-1', 60_000);
    const state = log.state();
    const r = state.requests.r1;
    if (!r) throw new Error('missing request');
    expect(queueMarks(state, r, T0 + 61_000).pending?.leftMs).toBe(-1_000);
  });
});

describe('keyboard selection in the queue', () => {
  it('arrow keys move through the list and stop at the ends', () => {
    const ids = ['a', 'b', 'c'];
    expect(moveSelection(ids, null, 1)).toBe('a');
    expect(moveSelection(ids, null, -1)).toBe('c');
    expect(moveSelection(ids, 'a', 1)).toBe('b');
    expect(moveSelection(ids, 'c', 1)).toBe('c');
    expect(moveSelection(ids, 'a', -1)).toBe('a');
    expect(moveSelection(ids, 'gone', 1)).toBe('a');
    expect(moveSelection([], 'a', 1)).toBeNull();
  });
});
