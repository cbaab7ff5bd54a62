// Sync answers at a reconnect storm: the views and the rooms of missed events are worked out once per
// state, not once per socket, and are the same as the audience rules give on the whole state.
import { describe, expect, it } from 'vitest';
import { CommandSchema, type CommandInput } from '../../shared/commands';
import type { Actor, DispatchState, Principal } from '../../shared/domain';
import type { DispatchEvent } from '../../shared/events';
import { applyEvents, initialState } from '../../shared/reducer';
import { canSee, roomsFor, viewFor } from '../../server/domain/audience';
import { decide } from '../../server/domain/decide';
import { SyncViews } from '../../server/sync-views';
import { seedCluster as cluster } from '../support/cluster-fixture';
import { principals } from '../support/test-auth';

const NOW = 1_800_000_000_000;
const dispatcher: Actor = { role: 'dispatcher', id: 'disp-1' };

/** Decides and applies a command, as the engine would (without the log). */
function run(state: DispatchState, input: Omit<CommandInput, 'id'>, actor: Actor = dispatcher) {
  const command = CommandSchema.parse({ id: `cmd-${state.seq + 1}-xxxx`, ...input });
  const decision = decide({ state, command, actor, now: NOW, cluster, config: { assignmentDeadlineMs: 60_000 } });
  if (!decision.ok) throw new Error(`${decision.code}: ${decision.message}`);
  const events = decision.drafts.map((d, i) => ({ ...d, seq: state.seq + i + 1 }) as DispatchEvent);
  return { state: applyEvents(state, events), events, ref: decision.ref ?? '' };
}

/** A raise with two responders, an SOS from pl-3 with kp-1 sent to it, a raise elsewhere: every kind of view. */
function scenario(): { state: DispatchState; events: DispatchEvent[] } {
  const events: DispatchEvent[] = [];
  let s = initialState(cluster);
  const step = (input: Omit<CommandInput, 'id'>, actor?: Actor): string => {
    const r = run(s, input, actor);
    s = r.state;
    events.push(...r.events);
    return r.ref;
  };
  for (const officerId of ['pl-1', 'pl-2', 'pl-3', 'kp-1']) {
    step({ type: 'officer:set_duty', data: { duty: 'available', officerId } });
  }
  const post: Actor = { role: 'post', id: 'post-phu-long', commune: 'phu-long' };
  const requestId = step({ type: 'request:raise', data: { kind: 'fight', priority: 'high' } }, post);
  const a1 = step({ type: 'assignment:assign', data: { requestId, officerId: 'pl-1' } });
  step({ type: 'assignment:accept', data: { assignmentId: a1 } }, { role: 'officer', id: 'pl-1' });
  step({ type: 'assignment:assign', data: { requestId, officerId: 'pl-2' } });
  const sos = step({ type: 'officer:sos', data: {} }, { role: 'officer', id: 'pl-3' });
  step({ type: 'assignment:assign', data: { requestId: sos, officerId: 'kp-1' } });
  step({ type: 'request:raise', data: { kind: 'fire', priority: 'normal', commune: 'ky-phu' } });
  return { state: s, events };
}

const everyone = (state: DispatchState): Principal[] => [
  principals.dispatcher(),
  ...cluster.communes.map((c) => principals.post(c.id)),
  ...Object.keys(state.officers).map((id) => principals.officer(id)),
];

describe('sync views', () => {
  it('give every principal the same view and the same missed events as the audience rules', () => {
    const { state, events } = scenario();
    const views = new SyncViews().of(state);
    for (const principal of everyone(state)) {
      expect(views.view(principal), principal.accountId).toEqual(viewFor(principal, state));
      expect(views.visibleEvents(principal, events), principal.accountId).toEqual(
        events.filter((event) => canSee(principal, event, state)),
      );
    }
    // The SOS officer sees who is coming; the officer sent sees the SOS request.
    expect(Object.keys(views.view(principals.officer('pl-3')).assignments)).toHaveLength(1);
    expect(Object.keys(views.view(principals.officer('kp-1')).requests)).toHaveLength(1);
  });

  it('compute a post view once per commune and an event’s rooms once, however many sockets sync at one seq', () => {
    const { state, events } = scenario();
    let postViews = 0;
    let officerRecordsRead = 0;
    let roomsWorkedOut = 0;
    const views = new SyncViews({
      viewFor: (principal, s) => {
        if (principal.role === 'post') postViews += 1;
        if (principal.role === 'officer') officerRecordsRead += Object.keys(s.officers).length;
        return viewFor(principal, s);
      },
      roomsFor: (event, s) => {
        roomsWorkedOut += 1;
        return roomsFor(event, s);
      },
    });
    const officers = Object.keys(state.officers);
    for (let socket = 0; socket < 10; socket += 1) {
      views.of(state).view(principals.post('phu-long'));
      for (const id of officers) {
        const officer = principals.officer(id);
        views.of(state).view(officer);
        views.of(state).visibleEvents(officer, events);
      }
    }
    expect(postViews).toBe(1);
    // Each officer's view is worked out from its own record, not from every officer's.
    expect(officerRecordsRead).toBeLessThanOrEqual(10 * officers.length);
    expect(roomsWorkedOut).toBe(events.length);

    // A new state (the next event) is a new set of views.
    const next = run(state, { type: 'request:raise', data: { kind: 'fire', priority: 'normal', commune: 'phu-long' } });
    views.of(next.state).view(principals.post('phu-long'));
    expect(postViews).toBe(2);
    expect(views.of(next.state).view(principals.post('phu-long'))).toEqual(
      viewFor(principals.post('phu-long'), next.state),
    );
  });
});
