import { describe, expect, it } from 'vitest';
import type { Actor } from '../../shared/domain';
import type { DispatchEvent, EventBody } from '../../shared/events';
import type { OfficerPosition } from '../../shared/protocol';
import { applyEvents, initialState } from '../../shared/reducer';
import { suggestResponders } from '../../shared/suggest';
import { seedCluster as cluster } from '../support/cluster-fixture';
import { numbered, raisedBody } from '../support/event-fixtures';

const dispatcher: Actor = { role: 'dispatcher', id: 'dieu-phoi' };
const kyPhu = cluster.communes.find((c) => c.id === 'ky-phu')!;
const ref = { requestId: 'r1', commune: 'ky-phu' };

const log = (...bodies: EventBody[]): DispatchEvent[] => numbered(bodies.map((body) => [dispatcher, body] as const));
const onDuty = (officerId: string): EventBody => ({
  type: 'officer:duty_changed',
  data: { officerId, duty: 'available' },
});
const raised = raisedBody({ ...ref, location: kyPhu.post.location });
const fix = (officerId: string, lat: number, lon: number): OfficerPosition => ({
  officerId,
  lat,
  lon,
  accuracy: 10,
  at: 1,
  receivedAt: 2,
});

describe('suggestResponders', () => {
  it('offers only available officers, nearest by ETA, from the post when there is no fix', () => {
    const state = applyEvents(initialState(cluster), log(raised, onDuty('kp-1'), onDuty('pl-1'), onDuty('tv-1')));
    const list = suggestResponders(state, [], cluster, 'r1');
    expect(list.map((s) => s.officerId)).toEqual(['kp-1', ...list.slice(1).map((s) => s.officerId)]);
    expect(list).toHaveLength(3);
    expect(list[0]).toMatchObject({ from: 'post', fixReceivedAt: null, declinedBefore: false });
    expect(list[0]!.etaSeconds).toBeCloseTo(0, 5);
    expect(list[1]!.etaSeconds).toBeLessThanOrEqual(list[2]!.etaSeconds);
  });

  it('starts from the last fix, so an officer standing at the scene comes first', () => {
    const state = applyEvents(initialState(cluster), log(raised, onDuty('kp-1'), onDuty('tv-1')));
    const { lat, lon } = kyPhu.post.location;
    const positions = { 'tv-1': fix('tv-1', lat, lon + 0.001), 'kp-1': fix('kp-1', lat + 0.05, lon) };
    const list = suggestResponders(state, positions, cluster, 'r1');
    expect(list.map((s) => [s.officerId, s.from])).toEqual([
      ['tv-1', 'fix'],
      ['kp-1', 'fix'],
    ]);
    expect(list[0]?.fixReceivedAt).toBe(2);
  });

  it('puts officers who declined or let this request expire last, and leaves out busy ones', () => {
    const aref = { ...ref, assignmentId: 'a4', officerId: 'kp-1' };
    const state = applyEvents(
      initialState(cluster),
      log(
        raised,
        onDuty('kp-1'),
        onDuty('kp-2'),
        { type: 'assignment:created', data: { ...aref, deadlineAt: 9_000 } },
        { type: 'assignment:declined', data: { ...aref, reason: 'xa' } },
        onDuty('pl-1'),
        { type: 'assignment:created', data: { ...aref, assignmentId: 'a7', officerId: 'pl-1', deadlineAt: 9_000 } },
      ),
    );
    const list = suggestResponders(state, [], cluster, 'r1');
    expect(list.map((s) => s.officerId)).toEqual(['kp-2', 'kp-1']);
    expect(list[1]?.declinedBefore).toBe(true);
  });

  it('offers nobody for a closed or unknown request', () => {
    const state = applyEvents(
      initialState(cluster),
      log(raised, onDuty('kp-1'), { type: 'request:cancelled', data: { ...ref, reason: '' } }),
    );
    expect(suggestResponders(state, [], cluster, 'r1')).toEqual([]);
    expect(suggestResponders(state, [], cluster, 'nope')).toEqual([]);
  });
});
