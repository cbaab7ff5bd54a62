// The position batcher (server/positions.ts): what each room is sent at a flush. Every officer reports
// its own fix; sending it back would be one emit per officer per flush for nothing.
import { describe, expect, it } from 'vitest';
import type { OfficerPosition } from '../../shared/protocol';
import { applyEvents, initialState } from '../../shared/reducer';
import { FakeClock } from '../../server/clock';
import { communeRoom, DISPATCHERS_ROOM } from '../../server/domain/audience';
import { PositionBatcher } from '../../server/positions';
import { numbered, raisedBody } from '../support/event-fixtures';
import { seedCluster as shippedCluster } from '../support/cluster-fixture';

const system = { role: 'system' as const };
const post = shippedCluster.communes.find((c) => c.id === 'phu-long')!.post.location;
/** A Phú Long request with pl-1 assigned: its post may see pl-1 only. */
const state = applyEvents(
  initialState(shippedCluster),
  numbered([
    [system, raisedBody({ requestId: 'r1', commune: 'phu-long', location: post })],
    [
      system,
      {
        type: 'assignment:created',
        data: { requestId: 'r1', commune: 'phu-long', assignmentId: 'a1', officerId: 'pl-1', deadlineAt: 60_000 },
      },
    ],
  ]),
);
const fix = (officerId: string, lat: number): OfficerPosition => ({
  ...post,
  lat,
  accuracy: 10,
  at: 1000,
  officerId,
  receivedAt: 1000,
});

describe('PositionBatcher', () => {
  it('sends each flush once to the dispatchers and to the posts that may see a fix, never back to an officer', () => {
    const clock = new FakeClock(0);
    const sent: [string, string[]][] = [];
    const batcher = new PositionBatcher(
      clock,
      500,
      () => state,
      (room, positions) => sent.push([room, positions.map((p) => `${p.officerId}@${p.lat}`)]),
    );
    batcher.add(fix('pl-1', 20.31));
    batcher.add(fix('pl-2', 20.4));
    batcher.add(fix('pl-1', 20.32));
    clock.advance(500);
    // One message per room, the newest fix per officer; the officers' own rooms get nothing.
    expect(sent).toEqual([
      [DISPATCHERS_ROOM, ['pl-1@20.32', 'pl-2@20.4']],
      [communeRoom('phu-long'), ['pl-1@20.32']],
    ]);
    sent.length = 0;
    clock.advance(500);
    expect(sent).toEqual([]);
    batcher.add(fix('pl-2', 20.41));
    clock.advance(500);
    expect(sent).toEqual([[DISPATCHERS_ROOM, ['pl-2@20.41']]]);
    batcher.stop();
  });
});
