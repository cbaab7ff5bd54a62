// The escalation rules as pure functions on plain states: how many replacements, who is never chosen,
// and when an offline alert is (not) due.
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../shared/domain';
import type { EventBody } from '../../shared/events';
import { applyEvents, initialState } from '../../shared/reducer';
import { dueOfflineAlerts, dueReassignments } from '../../server/domain/escalation';
import { seedCluster as cluster } from '../support/cluster-fixture';
import { escalationCtx, numbered, raisedBody } from '../support/event-fixtures';

const desk: Actor = { role: 'dispatcher', id: 'd' };
const ref = { requestId: 'r1', commune: 'phu-long' };
const a = (assignmentId: string, officerId: string) => ({ ...ref, assignmentId, officerId });

function state(respondersWanted: number, ...rest: EventBody[]) {
  const raised = raisedBody({ ...ref, kind: 'fire', location: cluster.communes[0]!.post.location, respondersWanted });
  const duty = ['pl-1', 'pl-2', 'pl-3', 'kp-1'].map((officerId): EventBody => ({
    type: 'officer:duty_changed',
    data: { officerId, duty: 'available' },
  }));
  const events = numbered([raised, ...duty, ...rest].map((body) => [desk, body] as const));
  return applyEvents(initialState(cluster), events);
}
const ctx = escalationCtx;

describe('escalation rules', () => {
  it('replaces only as many turned-down assignments as the request is short of responders', () => {
    const s = state(
      2,
      { type: 'assignment:created', data: { ...a('a6', 'pl-1'), deadlineAt: 1 } },
      { type: 'assignment:created', data: { ...a('a7', 'pl-2'), deadlineAt: 1 } },
      { type: 'assignment:accepted', data: a('a7', 'pl-2') },
      { type: 'assignment:declined', data: { ...a('a6', 'pl-1'), reason: '' } },
    );
    const due = dueReassignments(s, 50_000, s.seq + 1, ctx);
    expect(due).toHaveLength(1);
    expect(due[0]).toMatchObject({
      type: 'assignment:created',
      data: { replaces: 'a6', assignmentId: `a${s.seq + 1}` },
    });
    expect(due[0]?.data).not.toMatchObject({ officerId: 'pl-1' });
  });

  it('does nothing when a dispatcher already assigned someone else after the decline', () => {
    const s = state(
      1,
      { type: 'assignment:created', data: { ...a('a6', 'pl-1'), deadlineAt: 1 } },
      { type: 'assignment:declined', data: { ...a('a6', 'pl-1'), reason: '' } },
      { type: 'assignment:created', data: { ...a('a8', 'pl-3'), deadlineAt: 99_000 } },
    );
    expect(dueReassignments(s, 50_000, s.seq + 1, ctx)).toEqual([]);
  });

  it('prefers a connected officer, and leaves other priorities alone', () => {
    const s = state(
      1,
      { type: 'assignment:created', data: { ...a('a6', 'pl-1'), deadlineAt: 1 } },
      { type: 'assignment:expired', data: a('a6', 'pl-1') },
    );
    const due = dueReassignments(s, 50_000, s.seq + 1, { ...ctx, isOnline: (id) => id === 'kp-1' });
    expect(due[0]?.data).toMatchObject({ officerId: 'kp-1' });
    expect(dueReassignments(s, 50_000, s.seq + 1, { ...ctx, priorities: ['high'] })).toEqual([]);
  });

  it('asks who is online only once a request has a turn-down to replace (the per-tick cost, issue 15)', () => {
    const asked: string[] = [];
    const isOnline = (id: string) => (asked.push(id), true);
    const quiet = state(1, { type: 'assignment:created', data: { ...a('a6', 'pl-1'), deadlineAt: 99_000 } });
    expect(dueReassignments(quiet, 50_000, quiet.seq + 1, { ...ctx, isOnline })).toEqual([]);
    expect(asked).toEqual([]);
    const declined = state(
      1,
      { type: 'assignment:created', data: { ...a('a6', 'pl-1'), deadlineAt: 99_000 } },
      { type: 'assignment:declined', data: { ...a('a6', 'pl-1'), reason: '' } },
    );
    expect(dueReassignments(declined, 50_000, declined.seq + 1, { ...ctx, isOnline })).toHaveLength(1);
    expect(asked.length).toBeGreaterThan(0);
  });

  it('an offline alert is due once per outage, counted from acceptance at the earliest, never for pending', () => {
    const pending = state(1, { type: 'assignment:created', data: { ...a('a6', 'pl-1'), deadlineAt: 1 } });
    expect(dueOfflineAlerts(pending, 10 * 60_000, 120_000, () => 0)).toEqual([]);
    const accepted = state(
      1,
      { type: 'assignment:created', data: { ...a('a6', 'pl-1'), deadlineAt: 1 } },
      { type: 'assignment:accepted', data: a('a6', 'pl-1') },
    );
    const acceptedAt = accepted.assignments.a6?.acceptedAt ?? 0;
    expect(dueOfflineAlerts(accepted, acceptedAt + 119_999, 120_000, () => 0)).toEqual([]);
    const due = dueOfflineAlerts(accepted, acceptedAt + 120_000, 120_000, () => 0);
    expect(due).toEqual([
      {
        type: 'officer:offline_alert',
        data: { ...ref, officerId: 'pl-1', assignmentId: 'a6', offlineSince: acceptedAt },
      },
    ]);
    const alerted = applyEvents(accepted, [
      { seq: accepted.seq + 1, at: acceptedAt + 120_000, actor: { role: 'system' }, commandId: null, ...due[0]! },
    ]);
    expect(dueOfflineAlerts(alerted, acceptedAt + 600_000, 120_000, () => 0)).toEqual([]);
    // A new outage (it came back and left again) is alerted again; online, never.
    expect(dueOfflineAlerts(alerted, acceptedAt + 600_000, 120_000, () => acceptedAt + 400_000)).toHaveLength(1);
    expect(dueOfflineAlerts(alerted, acceptedAt + 600_000, 120_000, () => null)).toEqual([]);
  });
});
