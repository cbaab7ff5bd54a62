// The reducer and the domain helpers read and write records as own properties only: an event whose id
// names a prototype member (which the schemas refuse, but a client's mirror must survive anything) never
// reaches Object.prototype, and a lookup by such a name finds nothing.
import { describe, expect, it } from 'vitest';
import { assignmentsOf, officerStatus, type Actor } from '../../shared/domain';
import type { EventBody } from '../../shared/events';
import { ownRecord } from '../../shared/ids';
import { applyEvents, initialState, reduce } from '../../shared/reducer';
import { seedCluster as cluster } from '../support/cluster-fixture';
import { numbered, raisedBody } from '../support/event-fixtures';

const dispatcher: Actor = { role: 'dispatcher', id: 'dieu-phoi' };

describe('records keyed by prototype names', () => {
  for (const [how, apply] of [
    ['one event at a time', (events: ReturnType<typeof numbered>) => events.reduce(reduce, initialState(cluster))],
    ['a run of events', (events: ReturnType<typeof numbered>) => applyEvents(initialState(cluster), events)],
  ] as const) {
    it(`a request named __proto__ is an own record and the prototype is untouched (${how})`, () => {
      const location = { lat: 20.2, lon: 105.7 };
      const bodies: EventBody[] = [
        raisedBody({ requestId: '__proto__', commune: 'ky-phu', location }),
        raisedBody({ requestId: 'r2', commune: 'ky-phu', location }),
        { type: 'request:note_added', data: { requestId: 'constructor', commune: 'ky-phu', noteId: 'n3', text: 'x' } },
        { type: 'officer:duty_changed', data: { officerId: 'toString', duty: 'available' } },
      ];
      const state = apply(numbered(bodies.map((b) => [dispatcher, b] as const)));
      expect(Object.getPrototypeOf(state.requests)).toBe(Object.prototype);
      expect(Object.hasOwn(state.requests, '__proto__')).toBe(true);
      expect(ownRecord(state.requests, '__proto__')?.commune).toBe('ky-phu');
      expect(Object.keys(state.requests).sort()).toEqual(['__proto__', 'r2']);
      expect(ownRecord(state.requests, 'constructor')).toBeUndefined();
      expect(ownRecord(state.officers, 'toString')).toBeUndefined();
      expect(({} as Record<string, unknown>).commune).toBeUndefined();
      expect(assignmentsOf(state, 'hasOwnProperty')).toEqual([]);
      expect(officerStatus(state, 'valueOf')).toBe('off_duty');
    });
  }
});
