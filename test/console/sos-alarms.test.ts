// The console's SOS alarms from mirrored states, and the outbox putting an SOS at its head.
import { describe, expect, it } from 'vitest';
import { standingAlarms } from '../../client/console/alarms';
import { memoryOutboxStorage, type OutboxEntry } from '../../client/net/outbox-storage';
import { HEAD_OF_QUEUE_TYPES, Outbox } from '../../client/net/outbox';
import { EventLog } from '../support/event-fixtures';

function sos(log: EventLog, at: number): void {
  log.raise(at, 1, 'phu-long', 'critical', 'officer_support');
  log.add(
    at,
    {
      type: 'officer:sos_raised',
      data: { requestId: 'r1', commune: 'phu-long', officerId: 'pl-1', alertCommunes: ['phu-long'], fix: null },
    },
    { role: 'officer', id: 'pl-1' },
  );
}

describe('console SOS alarms', () => {
  const at = (now: number) => ({ now });
  const keys = (alarms: { key: string }[]) => alarms.map((a) => a.key);

  it('an SOS stands as SOS (not as a new request), above every other alarm, and contact lost stands until the phone is back', () => {
    const log = new EventLog();
    log.raise(0, 9, 'ky-phu', 'high');
    sos(log, 1_000);
    // Even when the console renders between the two events of the SOS, it is no "new request".
    expect(keys(standingAlarms(log.state(log.events.length - 1), at(1_000)))).toEqual(['new:r9']);
    expect(keys(standingAlarms(log.state(), at(1_000)))).toEqual(['sos:r1', 'new:r9']);

    log.add(31_000, {
      type: 'officer:sos_lost_contact',
      data: { requestId: 'r1', commune: 'phu-long', officerId: 'pl-1', silentSince: 1_000 },
    });
    expect(keys(standingAlarms(log.state(), at(31_000)))).toEqual([
      'sos:r1',
      expect.stringMatching(/^sos-lost:r1:\d+$/),
      'new:r9',
    ]);
    // The phone is connected again: contact is back, the SOS itself still stands.
    expect(keys(standingAlarms(log.state(), { now: 32_000, online: new Set(['pl-1']) }))).toEqual(['sos:r1', 'new:r9']);
  });
});

describe('outbox', () => {
  it('puts an SOS at the head of the queue, ahead of older commands', async () => {
    const entry = (id: string, type: 'officer:set_duty' | 'officer:sos'): OutboxEntry => ({
      command:
        type === 'officer:sos'
          ? { id, type, data: {}, sentAt: 2 }
          : { id, type, data: { duty: 'available' }, sentAt: 1 },
      queuedAt: 1,
      attempts: 0,
      lastError: null,
    });
    const outbox = new Outbox(memoryOutboxStorage(), () => undefined);
    await outbox.load();
    const older = entry('older-duty-1', 'officer:set_duty');
    const alarm = entry('sos-command-1', 'officer:sos');
    await outbox.add(older, HEAD_OF_QUEUE_TYPES.has(older.command.type));
    await outbox.add(alarm, HEAD_OF_QUEUE_TYPES.has(alarm.command.type));
    expect(outbox.first()?.command.id).toBe('sos-command-1');
    expect(outbox.items().map((i) => i.command.id)).toEqual(['sos-command-1', 'older-duty-1']);
  });
});
