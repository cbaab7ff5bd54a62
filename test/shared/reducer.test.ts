import { describe, expect, it } from 'vitest';
import { activeAssignmentOf, officerStatus, welfarePending } from '../../shared/domain';
import type { Actor } from '../../shared/domain';
import type { DispatchEvent, EventBody } from '../../shared/events';
import { applyEvents, initialState, reduce } from '../../shared/reducer';
import { seedCluster as cluster } from '../support/cluster-fixture';
import { numbered, raisedBody } from '../support/event-fixtures';

const post: Actor = { role: 'post', id: 'post-ky-phu', commune: 'ky-phu' };
const dispatcher: Actor = { role: 'dispatcher', id: 'dieu-phoi' };
const officer: Actor = { role: 'officer', id: 'kp-1' };

const log = (...entries: [Actor, EventBody][]): DispatchEvent[] => numbered(entries);

const ref = { requestId: 'r1', commune: 'ky-phu' };
const aref = { ...ref, assignmentId: 'a2', officerId: 'kp-1' };
const raised = raisedBody({
  ...ref,
  location: { lat: 20.2, lon: 105.7 },
  note: 'đánh nhau ở chợ',
  respondersWanted: 2,
  clientSentAt: 900,
});

describe('reducer', () => {
  it('starts with every officer of the cluster off duty', () => {
    const state = initialState(cluster);
    expect(Object.keys(state.officers)).toHaveLength(18);
    expect(state.officers['kp-1']).toMatchObject({ callsign: 'KP-1', commune: 'ky-phu', duty: 'off_duty' });
    expect(state.seq).toBe(0);
  });

  it('follows a request from raised through dispatched to resolved', () => {
    const events = log(
      [post, raised],
      [dispatcher, { type: 'assignment:created', data: { ...aref, deadlineAt: 62_000 } }],
      [officer, { type: 'assignment:accepted', data: aref }],
      [officer, { type: 'assignment:progressed', data: { ...aref, status: 'en_route' } }],
      [officer, { type: 'assignment:progressed', data: { ...aref, status: 'on_scene' } }],
      [officer, { type: 'assignment:progressed', data: { ...aref, status: 'released' } }],
      [dispatcher, { type: 'request:resolved', data: { ...ref, outcome: 'handled', note: '' } }],
    );
    const states = events.map((_, i) => applyEvents(initialState(cluster), events.slice(0, i + 1)));
    expect(states[0]?.requests.r1).toMatchObject({ status: 'open', openSince: 1000, number: 1 });
    expect(states[1]?.requests.r1).toMatchObject({ status: 'dispatched', openSince: null, assignmentIds: ['a2'] });
    expect(officerStatus(states[1]!, 'kp-1')).toBe('busy');
    expect(states[2]?.assignments.a2).toMatchObject({ status: 'accepted', acceptedAt: 3000 });
    expect(states[4]?.assignments.a2).toMatchObject({ status: 'on_scene', enRouteAt: 4000, onSceneAt: 5000 });
    expect(activeAssignmentOf(states[5]!, 'kp-1')).toBeUndefined();
    const final = states[6]!;
    expect(final.requests.r1).toMatchObject({ status: 'resolved', outcome: 'handled', closedAt: 7000 });
    expect(final.requests.r1?.timeline.map((e) => e.type)).toEqual(events.map((e) => e.type));
    expect(final.seq).toBe(7);
  });

  it('reopens a request whose only assignment expires, and restarts its unassigned clock', () => {
    const events = log(
      [post, raised],
      [dispatcher, { type: 'assignment:created', data: { ...aref, deadlineAt: 62_000 } }],
      [{ role: 'system' }, { type: 'assignment:expired', data: aref }],
    );
    const state = applyEvents(initialState(cluster), events);
    expect(state.requests.r1).toMatchObject({ status: 'open', openSince: 3000, unassignedAlerts: 0 });
    expect(state.assignments.a2?.status).toBe('expired');
  });

  it('does not mutate the state it is given', () => {
    const before = applyEvents(initialState(cluster), log([post, raised]));
    const frozen = JSON.stringify(before);
    reduce(before, {
      seq: 2,
      at: 2000,
      actor: post,
      commandId: null,
      type: 'request:cancelled',
      data: { ...ref, reason: 'x' },
    });
    expect(JSON.stringify(before)).toBe(frozen);
  });

  it('applies a run of events exactly as one at a time, without touching the state it started from', () => {
    const events = log(
      [post, raised],
      [dispatcher, { type: 'officer:duty_changed', data: { officerId: 'kp-1', duty: 'available' } }],
      [dispatcher, { type: 'assignment:created', data: { ...aref, deadlineAt: 62_000 } }],
      [officer, { type: 'assignment:accepted', data: aref }],
      [dispatcher, { type: 'request:seen', data: ref }],
      [officer, { type: 'assignment:progressed', data: { ...aref, status: 'released' } }],
      [dispatcher, { type: 'request:resolved', data: { ...ref, outcome: 'handled', note: '' } }],
    );
    const start = applyEvents(initialState(cluster), events.slice(0, 1));
    const frozen = JSON.stringify(start);
    const oneByOne = events.slice(1).reduce(reduce, start);
    const asRun = applyEvents(start, events.slice(1));
    expect(asRun).toEqual(oneByOne);
    expect(JSON.stringify(start)).toBe(frozen);
    // Records the run did not touch keep their identity (React compares by reference).
    expect(asRun.officers['tv-1']).toBe(start.officers['tv-1']);
    expect(asRun.requests).not.toBe(start.requests);
  });

  it('a run copies only the maps it writes: raises leave the officers map shared, the state before untouched', () => {
    const start = initialState(cluster);
    const frozen = JSON.stringify(start);
    const second = raisedBody({
      requestId: 'r2',
      commune: 'phu-long',
      number: 2,
      location: { lat: 20.25, lon: 105.65 },
    });
    const after = applyEvents(start, log([post, raised], [post, second]));
    expect(Object.keys(after.requests)).toEqual(['r1', 'r2']);
    // 10,000 officers at province scale: not copied for a batch that never touches one.
    expect(after.officers).toBe(start.officers);
    expect(after.assignments).toBe(start.assignments);
    expect(JSON.stringify(start)).toBe(frozen);
    // The first write to a map in the run copies it; the state before keeps its own.
    const assigned = applyEvents(
      after,
      log(
        [dispatcher, { type: 'assignment:created', data: { ...aref, deadlineAt: 62_000 } }],
        [officer, { type: 'assignment:accepted', data: aref }],
      ),
    );
    expect(assigned.assignments).not.toBe(after.assignments);
    expect(Object.keys(after.assignments)).toEqual([]);
    expect(after.officers['kp-1']).toBe(start.officers['kp-1']);
  });

  it('ignores events about requests a filtered view does not hold, but still advances seq', () => {
    const state = reduce(initialState(cluster), {
      seq: 5,
      at: 1,
      actor: officer,
      commandId: null,
      type: 'assignment:accepted',
      data: aref,
    });
    expect(state.requests).toEqual({});
    expect(state.seq).toBe(5);
  });

  describe('receipts and welfare', () => {
    const system: Actor = { role: 'system' };
    const onScene = log(
      [post, raised],
      [dispatcher, { type: 'assignment:created', data: { ...aref, deadlineAt: 62_000 } }],
      [officer, { type: 'assignment:accepted', data: aref }],
      [officer, { type: 'assignment:progressed', data: { ...aref, status: 'on_scene' } }],
    );
    const base = applyEvents(initialState(cluster), onScene);
    const next = (at: number, actor: Actor, body: EventBody): DispatchEvent => ({
      seq: base.seq + 1,
      at,
      actor,
      commandId: null,
      ...body,
    });

    it('starts a request unseen and an assignment undelivered, with no welfare check', () => {
      expect(base.requests.r1).toMatchObject({ seenAt: null, seenBy: null, clientSentAt: 900, raisedAt: 1000 });
      expect(base.assignments.a2).toMatchObject({
        deliveredAt: null,
        welfareCheckAt: null,
        welfareConfirmedAt: null,
        welfareAlertAt: null,
        offlineAlertAt: null,
      });
      expect(welfarePending(base.assignments.a2!)).toBe(false);
    });

    it('request:seen records the first dispatcher and time only', () => {
      const seen = reduce(base, next(9000, dispatcher, { type: 'request:seen', data: ref }));
      expect(seen.requests.r1).toMatchObject({ seenAt: 9000, seenBy: 'dieu-phoi' });
      expect(seen.requests.r1?.timeline.at(-1)?.type).toBe('request:seen');
      const other: Actor = { role: 'dispatcher', id: 'other' };
      const again = reduce(seen, { ...next(9500, other, { type: 'request:seen', data: ref }), seq: seen.seq + 1 });
      expect(again.requests.r1).toMatchObject({ seenAt: 9000, seenBy: 'dieu-phoi' });
    });

    it('assignment:delivered records the first delivery time only', () => {
      const delivered = reduce(base, next(6000, officer, { type: 'assignment:delivered', data: aref }));
      expect(delivered.assignments.a2).toMatchObject({ deliveredAt: 6000, status: 'on_scene' });
      const again = reduce(delivered, {
        ...next(7000, officer, { type: 'assignment:delivered', data: aref }),
        seq: delivered.seq + 1,
      });
      expect(again.assignments.a2?.deliveredAt).toBe(6000);
    });

    it('assignment:welfare_check leaves a pending check until assignment:welfare_confirmed', () => {
      const checked = reduce(base, next(20_000, system, { type: 'assignment:welfare_check', data: aref }));
      expect(checked.assignments.a2).toMatchObject({ welfareCheckAt: 20_000, status: 'on_scene' });
      expect(welfarePending(checked.assignments.a2!)).toBe(true);
      const confirmed = reduce(checked, {
        ...next(21_000, officer, { type: 'assignment:welfare_confirmed', data: aref }),
        seq: checked.seq + 1,
      });
      expect(confirmed.assignments.a2).toMatchObject({ welfareCheckAt: 20_000, welfareConfirmedAt: 21_000 });
      expect(welfarePending(confirmed.assignments.a2!)).toBe(false);
    });

    it('assignment:welfare_alert marks the unanswered check, and a new check clears the alert', () => {
      const checked = reduce(base, next(20_000, system, { type: 'assignment:welfare_check', data: aref }));
      const alerted = reduce(checked, {
        ...next(22_000, system, {
          type: 'assignment:welfare_alert',
          data: { ...aref, officerCommune: 'ky-phu', checkAt: 20_000 },
        }),
        seq: checked.seq + 1,
      });
      expect(alerted.assignments.a2).toMatchObject({ welfareAlertAt: 22_000 });
      expect(welfarePending(alerted.assignments.a2!)).toBe(true);
      expect(alerted.requests.r1?.timeline.at(-1)?.type).toBe('assignment:welfare_alert');
      const rechecked = reduce(alerted, {
        ...next(40_000, system, { type: 'assignment:welfare_check', data: aref }),
        seq: alerted.seq + 1,
      });
      expect(rechecked.assignments.a2).toMatchObject({ welfareCheckAt: 40_000, welfareAlertAt: null });
    });

    it('officer:offline_alert records when and for which outage the dispatchers were told', () => {
      const alerted = reduce(
        base,
        next(200_000, system, {
          type: 'officer:offline_alert',
          data: { ...ref, officerId: 'kp-1', assignmentId: 'a2', offlineSince: 80_000 },
        }),
      );
      expect(alerted.assignments.a2).toMatchObject({ offlineAlertAt: 200_000, offlineAlertSince: 80_000 });
      expect(alerted.requests.r1?.timeline.at(-1)).toMatchObject({ type: 'officer:offline_alert', officerId: 'kp-1' });
    });
  });
});
