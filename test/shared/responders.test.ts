// The one count of responders (shared/responders.ts) on plain event logs: who is responding, how short a
// request is, which turn-downs still call for a next officer; and that the console's "offer next" and the
// server's automatic reassignment, both built on it, fire on exactly the same states.
import { describe, expect, it } from 'vitest';
import type { Actor, DispatchState } from '../../shared/domain';
import type { EventBody } from '../../shared/events';
import { applyEvents, initialState } from '../../shared/reducer';
import {
  isResponding,
  isTurnedDown,
  officersWhoTurnedDown,
  respondersOf,
  respondersShort,
  turnDownsToReplace,
  turnedDownAt,
  unansweredTurnDowns,
} from '../../shared/responders';
import { standingAlarms } from '../../client/console/alarms';
import { nextOffer } from '../../client/console/offer-next';
import { dueReassignments } from '../../server/domain/escalation';
import { escalationCtx, numbered, raisedBody } from '../support/event-fixtures';
import { seedCluster as cluster } from '../support/cluster-fixture';

const desk: Actor = { role: 'dispatcher', id: 'd' };
const system: Actor = { role: 'system' };
const ref = { requestId: 'r1', commune: 'phu-long' };
const OFFICERS = ['pl-1', 'pl-2', 'pl-3', 'kp-1', 'kp-2'];

/**
 * What happens to the request, one event a second (the journal's numbering); `['same ms']` gives the next
 * event the previous one's time, as the commands of one group commit share one `now`.
 */
type Step =
  | ['same ms']
  | ['assign', string, string]
  | ['replace', string, string, string]
  | ['accept' | 'decline' | 'expire' | 'remove' | 'release', string]
  | ['resolve'];

/** Request r1 wanting `wanted` responders, every officer of OFFICERS on duty, then `steps`. */
function scene(wanted: number, ...steps: Step[]): DispatchState {
  const officerOf = new Map<string, string>();
  const a = (id: string) => ({ ...ref, assignmentId: id, officerId: officerOf.get(id) ?? '' });
  const bodies: (readonly [Actor, EventBody])[] = [
    [desk, raisedBody({ ...ref, location: cluster.communes[0]!.post.location, respondersWanted: wanted })],
    ...OFFICERS.map(
      (officerId) => [desk, { type: 'officer:duty_changed', data: { officerId, duty: 'available' } }] as const,
    ),
  ];
  const sameMs = new Set<number>();
  for (const step of steps) {
    switch (step[0]) {
      case 'same ms':
        sameMs.add(bodies.length);
        break;
      case 'assign':
      case 'replace': {
        const [, id, officerId, replaces] = step;
        officerOf.set(id, officerId);
        const data = { ...a(id), deadlineAt: 999_999, ...(replaces ? { replaces } : {}) };
        bodies.push([replaces ? system : desk, { type: 'assignment:created', data }]);
        break;
      }
      case 'accept':
        bodies.push([desk, { type: 'assignment:accepted', data: a(step[1]) }]);
        break;
      case 'decline':
        bodies.push([desk, { type: 'assignment:declined', data: { ...a(step[1]), reason: '' } }]);
        break;
      case 'expire':
        bodies.push([system, { type: 'assignment:expired', data: a(step[1]) }]);
        break;
      case 'remove':
        bodies.push([desk, { type: 'assignment:removed', data: { ...a(step[1]), reason: '' } }]);
        break;
      case 'release':
        bodies.push([desk, { type: 'assignment:progressed', data: { ...a(step[1]), status: 'released' } }]);
        break;
      case 'resolve':
        bodies.push([desk, { type: 'request:resolved', data: { ...ref, outcome: 'handled', note: '' } }]);
        break;
    }
  }
  const events = numbered(bodies).map((e, i, all) => (sameMs.has(i) ? { ...e, at: all[i - 1]!.at } : e));
  return applyEvents(initialState(cluster), events);
}

const request = (s: DispatchState) => s.requests.r1!;
const ids = (list: readonly { id: string }[]) => list.map((x) => x.id);
const toReplace = (s: DispatchState) => ids(turnDownsToReplace(s, request(s)));

/** The cases the rule decides, each with the turn-downs that call for a next officer. */
const FIXTURES: { name: string; state: DispatchState; toReplace: string[] }[] = [
  { name: 'a pending assignment', state: scene(1, ['assign', 'a7', 'pl-1']), toReplace: [] },
  { name: 'a decline', state: scene(1, ['assign', 'a7', 'pl-1'], ['decline', 'a7']), toReplace: ['a7'] },
  { name: 'an expiry', state: scene(1, ['assign', 'a7', 'pl-1'], ['expire', 'a7']), toReplace: ['a7'] },
  {
    name: 'a decline answered by a dispatcher’s assignment',
    state: scene(1, ['assign', 'a7', 'pl-1'], ['decline', 'a7'], ['assign', 'a9', 'pl-2']),
    toReplace: [],
  },
  {
    name: 'an expiry answered by the automatic replacement',
    state: scene(1, ['assign', 'a7', 'pl-1'], ['expire', 'a7'], ['replace', 'a9', 'pl-2', 'a7']),
    toReplace: [],
  },
  {
    // The dispatcher dealt with the decline by hand and then withdrew that assignment: neither the server
    // nor the console offers again. That is the rule, not a gap: the dispatcher has taken the request in
    // hand, and the unassigned alarm still rings if it stays without responders.
    name: 'the replacement withdrawn by the dispatcher',
    state: scene(1, ['assign', 'a7', 'pl-1'], ['decline', 'a7'], ['assign', 'a9', 'pl-2'], ['remove', 'a9']),
    toReplace: [],
  },
  {
    name: 'the automatic replacement withdrawn',
    state: scene(1, ['assign', 'a7', 'pl-1'], ['expire', 'a7'], ['replace', 'a9', 'pl-2', 'a7'], ['remove', 'a9']),
    toReplace: [],
  },
  {
    name: 'the replacement declining in turn',
    state: scene(1, ['assign', 'a7', 'pl-1'], ['decline', 'a7'], ['assign', 'a9', 'pl-2'], ['decline', 'a9']),
    toReplace: ['a9'],
  },
  {
    // An assignment made before the decline cannot answer it (whether withdrawn or, as here, withdrawn
    // after the decline): the decline stands.
    name: 'a decline after another assignment, which is then withdrawn',
    state: scene(
      1,
      ['assign', 'a7', 'pl-1'],
      ['accept', 'a7'],
      ['assign', 'a9', 'pl-2'],
      ['decline', 'a9'],
      ['remove', 'a7'],
    ),
    toReplace: ['a9'],
  },
  {
    name: 'a decline while the one wanted responder is on it',
    state: scene(1, ['assign', 'a7', 'pl-1'], ['accept', 'a7'], ['assign', 'a9', 'pl-2'], ['decline', 'a9']),
    toReplace: [],
  },
  {
    // Wanting two and asking only one: the decline is answered by one, the shortfall is the suggestions' job.
    name: 'two wanted, one asked, declined, one replacement',
    state: scene(2, ['assign', 'a7', 'pl-1'], ['decline', 'a7'], ['replace', 'a9', 'pl-2', 'a7']),
    toReplace: [],
  },
  {
    name: 'two wanted, one asked, declined, replaced by hand',
    state: scene(2, ['assign', 'a7', 'pl-1'], ['decline', 'a7'], ['assign', 'a9', 'pl-2']),
    toReplace: [],
  },
  {
    // One group commit, one `now`: the dispatcher adds the second responder and the first declines in
    // the same millisecond. The added one was made alongside the decline, not after it, so the request is
    // one short with the decline to replace.
    name: 'two wanted, a second assigned in the same millisecond as the first declines',
    state: scene(2, ['assign', 'a7', 'pl-1'], ['assign', 'a9', 'pl-2'], ['same ms'], ['decline', 'a7']),
    toReplace: ['a7'],
  },
  {
    name: 'two wanted, both turn it down, one answered: the later one stands',
    state: scene(
      2,
      ['assign', 'a7', 'pl-1'],
      ['assign', 'a8', 'pl-2'],
      ['decline', 'a7'],
      ['expire', 'a8'],
      ['assign', 'a9', 'pl-3'],
    ),
    toReplace: ['a8'],
  },
  {
    name: 'two wanted, both turn it down: both, earliest first',
    state: scene(2, ['assign', 'a7', 'pl-1'], ['assign', 'a8', 'pl-2'], ['expire', 'a8'], ['decline', 'a7']),
    toReplace: ['a8', 'a7'],
  },
  {
    name: 'one wanted, two asked, both turn it down: only as many as short',
    state: scene(1, ['assign', 'a7', 'pl-1'], ['assign', 'a8', 'pl-2'], ['decline', 'a7'], ['decline', 'a8']),
    toReplace: ['a7'],
  },
  {
    name: 'a closed request',
    state: scene(1, ['assign', 'a7', 'pl-1'], ['decline', 'a7'], ['resolve']),
    toReplace: [],
  },
];

describe('responders of a request', () => {
  it('responding is pending, accepted, moving, on scene or done; turned down is declined or expired', () => {
    const s = scene(
      3,
      ['assign', 'a7', 'pl-1'],
      ['assign', 'a8', 'pl-2'],
      ['accept', 'a8'],
      ['release', 'a8'],
      ['assign', 'a9', 'pl-3'],
      ['decline', 'a9'],
      ['assign', 'a10', 'kp-1'],
      ['remove', 'a10'],
      ['assign', 'a11', 'kp-2'],
      ['expire', 'a11'],
    );
    expect(ids(respondersOf(s, 'r1'))).toEqual(['a7', 'a8']);
    const all = Object.values(s.assignments);
    expect(ids(all.filter(isResponding))).toEqual(['a7', 'a8']);
    expect(ids(all.filter(isTurnedDown))).toEqual(['a9', 'a11']);
    expect([...officersWhoTurnedDown(s, 'r1')]).toEqual(['pl-3', 'kp-2']);
    expect(respondersShort(s, request(s))).toBe(1);
    // The withdrawn one (a10) is not a turn-down; a9 is answered by a10, a11 stands.
    expect(ids(unansweredTurnDowns(s, 'r1'))).toEqual(['a11']);
  });

  it('a request is short until it has the responders it wants, and never once closed', () => {
    expect(respondersShort(scene(2), request(scene(2)))).toBe(2);
    const one = scene(2, ['assign', 'a7', 'pl-1']);
    expect(respondersShort(one, request(one))).toBe(1);
    const over = scene(1, ['assign', 'a7', 'pl-1'], ['assign', 'a8', 'pl-2']);
    expect(respondersShort(over, request(over))).toBe(0);
    const closed = scene(2, ['resolve']);
    expect(respondersShort(closed, request(closed))).toBe(0);
    expect(respondersOf(closed, 'r404')).toEqual([]);
  });

  it.each(FIXTURES)('turn-downs to replace: $name', ({ state, toReplace: expected }) => {
    expect(toReplace(state)).toEqual(expected);
  });
});

describe('the console’s offer and the server’s reassignment follow the one rule', () => {
  const ctx = escalationCtx;

  it.each(FIXTURES)('$name', ({ state, toReplace: expected }) => {
    const offer = nextOffer(state, [], cluster, 'r1');
    const reassigned = dueReassignments(state, 50_000, state.seq + 1, ctx);
    // The console offers for the first turn-down to replace; the server replaces every one of them.
    expect(offer?.turnedDown.id ?? null).toBe(expected[0] ?? null);
    expect(reassigned.map((e) => (e.type === 'assignment:created' ? e.data.replaces : null))).toEqual(expected);
    // Both pick the same officer first: nearest available, never one who turned the request down.
    if (offer?.next) expect(reassigned[0]?.data).toMatchObject({ officerId: offer.next.officerId });
    // The console rings for the same turn-downs, each dated when it happened; any other clears.
    const rung = standingAlarms(state, { now: 50_000 }).filter(
      (c) => c.kind === 'assignment_declined' || c.kind === 'assignment_expired',
    );
    expect(rung.map((c) => c.key.split(':')[1]).sort()).toEqual([...expected].sort());
    for (const c of rung) expect(c.at).toBe(turnedDownAt(state.assignments[c.key.split(':')[1]!]!));
  });
});
