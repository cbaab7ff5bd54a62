// Plain event logs for the pure tests (reducer, suggestions, escalation rules, the console's derived
// views): a raised request with the fields those tests do not vary, the journal's numbering, and a log
// on a clock (EventLog) whose state is built the way a client builds it, the shared reducer over it.
import type { Actor, DispatchState, Priority, RequestKind } from '../../shared/domain';
import type { DispatchEvent, EventBody } from '../../shared/events';
import { applyEvents, initialState } from '../../shared/reducer';
import { seedCluster } from './cluster-fixture';

type RaisedData = Extract<EventBody, { type: 'request:raised' }>['data'];

/** request #1 raised from its post's location: a critical fight, one responder wanted, no note. */
export function raisedBody(
  data: Pick<RaisedData, 'requestId' | 'commune' | 'location'> & Partial<RaisedData>,
): EventBody {
  return {
    type: 'request:raised',
    data: {
      number: 1,
      kind: 'fight',
      priority: 'critical',
      locationSource: 'post',
      note: '',
      respondersWanted: 1,
      clientSentAt: null,
      ...data,
    },
  };
}

/** Numbers events as the journal would: seq 1, 2, 3 …, `at` one second apart from 1000 ms. */
export function numbered(entries: readonly (readonly [Actor, EventBody])[]): DispatchEvent[] {
  return entries.map(([actor, body], i) => ({ seq: i + 1, at: 1000 * (i + 1), actor, commandId: null, ...body }));
}

/** The reassignment context the pure escalation tests share: critical requests only, no positions, 60 s deadlines. */
export const escalationCtx = {
  priorities: ['critical' as const],
  cluster: seedCluster,
  positions: [],
  eta: { roadFactor: 1.4, speedKmh: 35 },
  assignmentDeadlineMs: 60_000,
};

export const T0 = Date.UTC(2026, 10, 26, 7, 0, 0);
const dispatcher: Actor = { role: 'dispatcher', id: 'dieu-phoi' };

/** Gives each body the next seq; `at` is T0 + the given offset. On the seed cluster. */
export class EventLog {
  private seq = 0;
  readonly events: DispatchEvent[] = [];

  add(atOffsetMs: number, body: EventBody, actor: Actor = dispatcher): DispatchEvent {
    const event = { ...body, seq: ++this.seq, at: T0 + atOffsetMs, actor, commandId: null } as DispatchEvent;
    this.events.push(event);
    return event;
  }

  raise(at: number, n: number, commune: string, priority: Priority, kind: RequestKind = 'fight'): string {
    const c = seedCluster.communes.find((x) => x.id === commune);
    if (!c) throw new Error(`no commune ${commune}`);
    const requestId = `r${n}`;
    this.add(at, raisedBody({ requestId, commune, number: n, kind, priority, location: c.post.location }));
    return requestId;
  }

  onDuty(at: number, officerId: string): void {
    this.add(at, { type: 'officer:duty_changed', data: { officerId, duty: 'available' } });
  }

  assign(at: number, requestId: string, commune: string, assignmentId: string, officerId: string, deadlineMs = 60_000) {
    const ref = { requestId, commune, assignmentId, officerId };
    this.add(at, { type: 'assignment:created', data: { ...ref, deadlineAt: T0 + at + deadlineMs } });
    return ref;
  }

  state(upTo = this.events.length): DispatchState {
    return applyEvents(initialState(seedCluster), this.events.slice(0, upTo));
  }
}
