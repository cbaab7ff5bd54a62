// The SOS offer rule (server/domain/sos-rules.ts) on plain states, tick by tick through the timer plan:
// an SOS gets as many officers as it is short, as they come on duty, never more than it wants, and an
// offer the dispatcher withdrew is not made again.
import { describe, expect, it } from 'vitest';
import type { Actor, DispatchState } from '../../shared/domain';
import type { DispatchEvent, EventBody } from '../../shared/events';
import { applyEvents, initialState } from '../../shared/reducer';
import { dueTimerEvents, type TimerConfig } from '../../server/domain/timer-rules';
import { raisedBody } from '../support/event-fixtures';
import { seedCluster as cluster } from '../support/cluster-fixture';

const desk: Actor = { role: 'dispatcher', id: 'd' };
const system: Actor = { role: 'system' };
const ref = { requestId: 'r1', commune: 'phu-long' };
const config: TimerConfig = {
  assignmentDeadlineMs: 60_000,
  unassignedAlertMs: 30_000,
  welfareCheckMs: 600_000,
  welfareAlertMs: 120_000,
  offlineAlertMs: 120_000,
  sosLostContactMs: 30_000,
  autoReassignPriorities: ['critical'],
  eta: { roadFactor: 1.4, speedKmh: 35 },
  liveWindowMs: 86_400_000,
};
const context = { cluster, positions: [], offlineSince: () => null };

/** An event log on a clock, the timers' plan appended as the system at each tick. */
class Log {
  state: DispatchState = initialState(cluster);
  private now = 1000;

  add(body: EventBody, actor: Actor = desk): void {
    this.now += 1000;
    const event = { seq: this.state.seq + 1, at: this.now, actor, commandId: null, ...body } as DispatchEvent;
    this.state = applyEvents(this.state, [event]);
  }

  onDuty(...officerIds: string[]): void {
    for (const officerId of officerIds)
      this.add({ type: 'officer:duty_changed', data: { officerId, duty: 'available' } });
  }

  /** pl-1 calls SOS wanting `respondersWanted` responders. */
  sos(respondersWanted: number): void {
    const officer: Actor = { role: 'officer', id: 'pl-1' };
    const location = cluster.communes[0]!.post.location;
    this.add(raisedBody({ ...ref, kind: 'officer_support', location, respondersWanted }), officer);
    this.add(
      { type: 'officer:sos_raised', data: { ...ref, officerId: 'pl-1', alertCommunes: ['phu-long'], fix: null } },
      officer,
    );
  }

  /** The officers the tick assigns to r1. */
  tick(): string[] {
    this.now += 1000;
    const due = dueTimerEvents(this.state, this.now, config, context);
    const events = due.map((b, i) => ({
      ...b,
      seq: this.state.seq + 1 + i,
      at: this.now,
      actor: system,
      commandId: null,
    }));
    this.state = applyEvents(this.state, events as DispatchEvent[]);
    return due.flatMap((e) => (e.type === 'assignment:created' && e.data.requestId === 'r1' ? [e.data.officerId] : []));
  }

  assignmentOf(officerId: string): string {
    return Object.values(this.state.assignments).find((a) => a.officerId === officerId)!.id;
  }

  /** The desk withdraws (`removed`) or the officer declines (`declined`) the officer's offer on r1. */
  endOffer(type: 'assignment:removed' | 'assignment:declined', officerId: string): void {
    this.add({ type, data: { ...ref, assignmentId: this.assignmentOf(officerId), officerId, reason: '' } });
  }
}

describe('SOS offers', () => {
  it('fewer candidates than wanted, then one comes on duty: it gets the second responder then', () => {
    const log = new Log();
    log.onDuty('pl-1', 'pl-2');
    log.sos(2);
    expect(log.tick()).toEqual(['pl-2']);
    expect(log.tick()).toEqual([]);
    log.onDuty('pl-3');
    expect(log.tick()).toEqual(['pl-3']);
    expect(log.tick()).toEqual([]);
  });

  it('one assigned by hand before the first tick: only the rest are offered', () => {
    const log = new Log();
    log.onDuty('pl-1', 'pl-2', 'pl-3', 'kp-1');
    log.sos(2);
    log.add({
      type: 'assignment:created',
      data: { ...ref, assignmentId: 'a99', officerId: 'kp-1', deadlineAt: 90_000 },
    });
    expect(log.tick()).toHaveLength(1);
    expect(log.tick()).toEqual([]);
  });

  it('an offer the dispatcher withdrew is not made again', () => {
    const log = new Log();
    log.onDuty('pl-1', 'pl-2', 'pl-3');
    log.sos(1);
    expect(log.tick()).toEqual(['pl-2']);
    log.endOffer('assignment:removed', 'pl-2');
    expect(log.tick()).toEqual([]);
  });

  it('a declined offer is the reassignment’s to replace, once, by someone else', () => {
    const log = new Log();
    log.onDuty('pl-1', 'pl-2', 'pl-3');
    log.sos(1);
    expect(log.tick()).toEqual(['pl-2']);
    log.endOffer('assignment:declined', 'pl-2');
    expect(log.tick()).toEqual(['pl-3']);
    expect(Object.values(log.state.assignments).find((a) => a.officerId === 'pl-3')?.replaces).toBe(
      log.assignmentOf('pl-2'),
    );
  });
});
