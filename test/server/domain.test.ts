// The pure parts of the server: decide (ids, defaults, closing frees officers), the audience rules,
// the per-role view and the timers' due events.
import { describe, expect, it } from 'vitest';
import { CommandSchema, type CommandInput } from '../../shared/commands';
import type { Actor, DispatchState } from '../../shared/domain';
import type { DispatchEvent } from '../../shared/events';
import { applyEvents, initialState } from '../../shared/reducer';
import { canSee, roomsFor, viewFor } from '../../server/domain/audience';
import { decide } from '../../server/domain/decide';
import { dueTimerEvents, type TimerConfig } from '../../server/domain/timer-rules';
import { principals } from '../support/test-auth';
import { seedCluster as cluster } from '../support/cluster-fixture';

const NOW = 1_800_000_000_000;
const dispatcher: Actor = { role: 'dispatcher', id: 'disp-1' };
/** Alarms every 30 s; the other rules find nothing to do in these states (nobody on scene, nothing closed). */
const timerConfig: TimerConfig = {
  assignmentDeadlineMs: 60_000,
  unassignedAlertMs: 30_000,
  welfareCheckMs: 10 * 60_000,
  welfareAlertMs: 2 * 60_000,
  offlineAlertMs: 2 * 60_000,
  sosLostContactMs: 30_000,
  autoReassignPriorities: ['critical'],
  eta: { roadFactor: 1.4, speedKmh: 35 },
  liveWindowMs: 3_600_000,
};

/** Decides and applies a command, as the engine would (without the log). */
function run(state: DispatchState, input: Omit<CommandInput, 'id'>, actor: Actor = dispatcher, now = NOW) {
  const command = CommandSchema.parse({ id: `cmd-${state.seq + 1}-xxxx`, ...input });
  const decision = decide({ state, command, actor, now, cluster, config: { assignmentDeadlineMs: 60_000 } });
  if (!decision.ok) throw new Error(`${decision.code}: ${decision.message}`);
  const events = decision.drafts.map((d, i) => ({ ...d, seq: state.seq + i + 1 }) as DispatchEvent);
  return { state: applyEvents(state, events), events, ref: decision.ref };
}

function scenario() {
  let s = initialState(cluster);
  s = run(s, { type: 'officer:set_duty', data: { duty: 'available', officerId: 'pl-1' } }).state;
  s = run(s, { type: 'officer:set_duty', data: { duty: 'available', officerId: 'pl-2' } }).state;
  const raised = run(
    s,
    { type: 'request:raise', data: { kind: 'fight', priority: 'high' } },
    {
      role: 'post',
      id: 'post-phu-long',
      commune: 'phu-long',
    },
  );
  s = raised.state;
  const requestId = raised.ref ?? '';
  const a1 = run(s, { type: 'assignment:assign', data: { requestId, officerId: 'pl-1' } });
  s = run(
    a1.state,
    { type: 'assignment:accept', data: { assignmentId: a1.ref ?? '' } },
    { role: 'officer', id: 'pl-1' },
  ).state;
  const a2 = run(s, { type: 'assignment:assign', data: { requestId, officerId: 'pl-2' } });
  return { state: a2.state, requestId, accepted: a1.ref ?? '', pending: a2.ref ?? '' };
}

describe('decide', () => {
  it('derives ids from the next seq, numbers requests from 1 and defaults the location to the post', () => {
    const s = initialState(cluster);
    const { events, ref } = run(s, {
      type: 'request:raise',
      data: { kind: 'theft', priority: 'normal', commune: 'ky-phu' },
    });
    expect(ref).toBe('r1');
    const kyPhu = cluster.communes.find((c) => c.id === 'ky-phu');
    expect(events[0]).toMatchObject({
      seq: 1,
      at: NOW,
      actor: dispatcher,
      data: { requestId: 'r1', number: 1, location: kyPhu?.post.location, locationSource: 'post' },
    });
  });

  it('sets the assignment deadline from the configured delay', () => {
    const { state, pending } = scenario();
    expect(state.assignments[pending]?.deadlineAt).toBe(NOW + 60_000);
  });

  it('resolving a request withdraws pending assignments and releases the others, freeing the officers', () => {
    const { state, requestId, accepted, pending } = scenario();
    const { state: after, events } = run(state, { type: 'request:resolve', data: { requestId, outcome: 'handled' } });
    expect(events.map((e) => e.type)).toEqual(['assignment:progressed', 'assignment:removed', 'request:resolved']);
    expect(after.assignments[accepted]?.status).toBe('released');
    expect(after.assignments[pending]?.status).toBe('removed');
    expect(after.requests[requestId]?.status).toBe('resolved');
    // Both officers can be sent elsewhere now.
    const next = run(after, { type: 'request:raise', data: { kind: 'fire', priority: 'critical', commune: 'ky-phu' } });
    const first = run(next.state, {
      type: 'assignment:assign',
      data: { requestId: next.ref ?? '', officerId: 'pl-1' },
    });
    const second = run(first.state, {
      type: 'assignment:assign',
      data: { requestId: next.ref ?? '', officerId: 'pl-2' },
    });
    expect(
      Object.values(second.state.assignments)
        .filter((a) => a.requestId === next.ref && a.status === 'pending')
        .map((a) => a.officerId)
        .sort(),
    ).toEqual(['pl-1', 'pl-2']);
  });

  it('an officer cannot go off duty while holding an assignment', () => {
    const { state } = scenario();
    expect(() =>
      run(state, { type: 'officer:set_duty', data: { duty: 'off_duty' } }, { role: 'officer', id: 'pl-1' }),
    ).toThrow(/officer_busy/);
  });
});

describe('audience', () => {
  it('request events go to dispatchers, the commune and every officer ever assigned to it', () => {
    const { state, requestId } = scenario();
    const { events, state: after } = run(state, { type: 'request:note', data: { requestId, text: 'ok' } });
    expect(roomsFor(events[0] as DispatchEvent, after).sort()).toEqual([
      'commune:phu-long',
      'dispatchers',
      'officer:pl-1',
      'officer:pl-2',
    ]);
  });

  it('assignment events go to that officer only (and the commune and dispatchers)', () => {
    const { state, pending } = scenario();
    const { events, state: after } = run(
      state,
      { type: 'assignment:decline', data: { assignmentId: pending } },
      {
        role: 'officer',
        id: 'pl-2',
      },
    );
    const event = events[0] as DispatchEvent;
    expect(roomsFor(event, after).sort()).toEqual(['commune:phu-long', 'dispatchers', 'officer:pl-2']);
    expect(canSee(principals.officer('pl-1'), event, after)).toBe(false);
    expect(canSee(principals.post('ky-phu'), event, after)).toBe(false);
    expect(canSee(principals.post('phu-long'), event, after)).toBe(true);
  });

  it('duty changes go to dispatchers and the officer itself, not to posts', () => {
    const { events, state } = run(initialState(cluster), {
      type: 'officer:set_duty',
      data: { duty: 'available', officerId: 'cp-2' },
    });
    const event = events[0] as DispatchEvent;
    expect(roomsFor(event, state).sort()).toEqual(['dispatchers', 'officer:cp-2']);
    expect(canSee(principals.post('cuc-phuong'), event, state)).toBe(false);
  });

  it('viewFor gives a post its commune, an officer its own assignments and record', () => {
    const { state, requestId, accepted } = scenario();
    const other = run(state, { type: 'request:raise', data: { kind: 'fire', priority: 'normal', commune: 'ky-phu' } });
    const postView = viewFor(principals.post('phu-long'), other.state);
    expect(Object.keys(postView.requests)).toEqual([requestId]);
    expect(Object.keys(postView.officers).sort()).toEqual(['pl-1', 'pl-2']);
    const officerView = viewFor(principals.officer('pl-1'), other.state);
    expect(Object.keys(officerView.requests)).toEqual([requestId]);
    expect(Object.keys(officerView.assignments)).toEqual([accepted]);
    expect(Object.keys(officerView.officers)).toEqual(['pl-1']);
    expect(viewFor(principals.dispatcher(), other.state)).toBe(other.state);
  });
});

describe('timers', () => {
  it('plan expiries at the deadline and alarms at each multiple of the interval', () => {
    const { state, pending } = scenario();
    expect(dueTimerEvents(state, NOW + 59_999, timerConfig)).toEqual([]);
    expect(dueTimerEvents(state, NOW + 60_000, timerConfig)).toEqual([
      expect.objectContaining({ type: 'assignment:expired', data: expect.objectContaining({ assignmentId: pending }) }),
    ]);
    const open = run(initialState(cluster), {
      type: 'request:raise',
      data: { kind: 'other', priority: 'normal', commune: 'thanh-van' },
    });
    expect(dueTimerEvents(open.state, NOW + 29_000, timerConfig)).toEqual([]);
    expect(dueTimerEvents(open.state, NOW + 31_000, timerConfig)).toEqual([
      { type: 'request:unassigned_alert', data: { requestId: 'r1', commune: 'thanh-van', level: 1, waitedMs: 31_000 } },
    ]);
  });
});
