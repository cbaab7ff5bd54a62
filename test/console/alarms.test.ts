import { describe, expect, it } from 'vitest';
import { detectAlarms } from '../../client/console/alarms';
import { emptyState } from '../../shared/reducer';
import { EventLog } from './events';

describe('console alarms', () => {
  it('a new request, an expired assignment and an unassigned alert each ring once', () => {
    const log = new EventLog();
    log.onDuty(0, 'kp-1');
    const before = log.state();
    log.raise(1_000, 1, 'ky-phu', 'high');
    const raised = log.state();
    expect(detectAlarms(before, raised)).toEqual([{ key: 'new:r1', kind: 'new_request', requestId: 'r1' }]);

    const ref = log.assign(2_000, 'r1', 'ky-phu', 'a1', 'kp-1');
    const assigned = log.state();
    expect(detectAlarms(raised, assigned)).toEqual([]);

    log.add(62_000, { type: 'assignment:expired', data: ref });
    const expired = log.state();
    expect(detectAlarms(assigned, expired).map((a) => a.kind)).toEqual(['assignment_expired']);

    log.add(92_000, {
      type: 'request:unassigned_alert',
      data: { requestId: 'r1', commune: 'ky-phu', level: 1, waitedMs: 30_000 },
    });
    const alerted = log.state();
    const alarms = detectAlarms(expired, alerted);
    expect(alarms).toEqual([{ key: 'unassigned:r1:1', kind: 'unassigned', requestId: 'r1', level: 1 }]);
  });

  it('the first load of a running system rings nothing', () => {
    const log = new EventLog();
    log.raise(0, 1, 'ky-phu', 'high');
    expect(detectAlarms(emptyState(), log.state())).toEqual([]);
  });
});
