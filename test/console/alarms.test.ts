// The console's alarms are the causes that stand in the mirrored state: each clears with its cause
// (assigned, resolved, cancelled, confirmed safe, back online), the most urgent and newest come first,
// and a reload raises what still stands.
import { describe, expect, it } from 'vitest';
import { alarmsToRing, CANCEL_ALARM_MS, standingAlarms, type AlarmCause } from '../../client/console/alarms';
import { EventLog, T0 } from '../support/event-fixtures';

const system = { role: 'system' as const };
const officer = (id: string) => ({ role: 'officer' as const, id });
const post = (commune: string) => ({ role: 'post' as const, id: `post-${commune}`, commune });
const keys = (alarms: readonly AlarmCause[]) => alarms.map((a) => a.key);
const at = (ms: number) => ({ now: T0 + ms });

describe('console alarms clear with their cause', () => {
  it('a new request stands until someone is assigned; an expiry until someone else is', () => {
    const log = new EventLog();
    log.onDuty(0, 'kp-1');
    log.onDuty(0, 'kp-2');
    log.raise(1_000, 1, 'ky-phu', 'high');
    expect(keys(standingAlarms(log.state(), at(1_000)))).toEqual(['new:r1']);

    const a1 = log.assign(2_000, 'r1', 'ky-phu', 'a1', 'kp-1');
    expect(standingAlarms(log.state(), at(2_000))).toEqual([]);

    log.add(62_000, { type: 'assignment:expired', data: a1 }, system);
    expect(keys(standingAlarms(log.state(), at(62_000)))).toEqual(['expired:a1']);

    log.add(92_000, {
      type: 'request:unassigned_alert',
      data: { requestId: 'r1', commune: 'ky-phu', level: 1, waitedMs: 30_000 },
    });
    const both = standingAlarms(log.state(), at(92_000));
    // Unassigned (the request's own delay) before the expiry; each names its level or officer.
    expect(both.map((a) => [a.key, a.level ?? a.officerId])).toEqual([
      ['unassigned:r1:1', 1],
      ['expired:a1', 'kp-1'],
    ]);

    log.assign(93_000, 'r1', 'ky-phu', 'a2', 'kp-2');
    expect(standingAlarms(log.state(), at(93_000))).toEqual([]);
  });

  it('resolving or cancelling clears every alarm of the request; a post’s cancel raises its own', () => {
    const log = new EventLog();
    log.raise(0, 1, 'ky-phu', 'high');
    log.raise(0, 2, 'phu-long', 'normal');
    expect(keys(standingAlarms(log.state(), at(0))).sort()).toEqual(['new:r1', 'new:r2']);
    log.add(5_000, {
      type: 'request:resolved',
      data: { requestId: 'r1', commune: 'ky-phu', outcome: 'handled', note: '' },
    });
    log.add(
      6_000,
      { type: 'request:cancelled', data: { requestId: 'r2', commune: 'phu-long', reason: '' } },
      post('phu-long'),
    );
    expect(keys(standingAlarms(log.state(), at(6_000)))).toEqual(['cancelled:r2']);
    // The cancel is news for a while, then goes by itself; a dispatcher's own cancel never rings.
    expect(standingAlarms(log.state(), at(6_000 + CANCEL_ALARM_MS + 1))).toEqual([]);
    log.raise(7_000, 3, 'ky-phu', 'high');
    log.add(8_000, { type: 'request:cancelled', data: { requestId: 'r3', commune: 'ky-phu', reason: '' } });
    expect(keys(standingAlarms(log.state(), at(8_000)))).toEqual(['cancelled:r2']);
  });

  it('a welfare alert stands until the officer is confirmed safe; an offline alert until the officer is back', () => {
    const log = new EventLog();
    log.onDuty(0, 'kp-1');
    log.raise(0, 1, 'ky-phu', 'critical');
    const a1 = log.assign(1_000, 'r1', 'ky-phu', 'a1', 'kp-1');
    log.add(2_000, { type: 'assignment:accepted', data: a1 }, officer('kp-1'));
    log.add(3_000, { type: 'assignment:welfare_check', data: a1 }, system);
    log.add(
      4_000,
      { type: 'assignment:welfare_alert', data: { ...a1, officerCommune: 'ky-phu', checkAt: T0 + 3_000 } },
      system,
    );
    log.add(5_000, { type: 'officer:offline_alert', data: { ...a1, offlineSince: T0 + 1_500 } }, system);
    const standing = standingAlarms(log.state(), at(5_000));
    expect(standing.map((a) => a.kind)).toEqual(['welfare_alert', 'officer_offline']);
    // Presence says kp-1 is connected again: the offline alarm is gone.
    expect(standingAlarms(log.state(), { now: T0 + 5_000, online: new Set(['kp-1']) }).map((a) => a.kind)).toEqual([
      'welfare_alert',
    ]);
    log.add(6_000, { type: 'assignment:welfare_confirmed', data: a1 });
    expect(standingAlarms(log.state(), { now: T0 + 6_000, online: new Set(['kp-1']) })).toEqual([]);
  });

  it('orders the most urgent first and the newest first within a level, and rings each cause once', () => {
    const log = new EventLog();
    for (let n = 1; n <= 5; n++) log.raise(n * 1_000, n, 'ky-phu', 'normal');
    const standing = standingAlarms(log.state(), at(5_000));
    expect(keys(standing)).toEqual(['new:r5', 'new:r4', 'new:r3', 'new:r2', 'new:r1']);
    // A reload (nothing rung yet) rings every cause that still stands; the next change only the new one.
    expect(alarmsToRing(standing, new Set()).length).toBe(5);
    log.raise(6_000, 6, 'ky-phu', 'normal');
    const next = standingAlarms(log.state(), at(6_000));
    expect(keys(alarmsToRing(next, new Set(keys(standing))))).toEqual(['new:r6']);
  });
});
