// Builds mirrored states the way a client does: the shared reducer over a list of events.
import { loadClusterFile } from '../../server/cluster-file';
import { DEFAULT_CLUSTER_FILE } from '../../server/config';
import type { Actor, DispatchState, Priority, RequestKind } from '../../shared/domain';
import type { DispatchEvent, EventBody } from '../../shared/events';
import { applyEvents, initialState } from '../../shared/reducer';

export const cluster = loadClusterFile(DEFAULT_CLUSTER_FILE);
export const T0 = Date.UTC(2026, 10, 26, 7, 0, 0);
const dispatcher: Actor = { role: 'dispatcher', id: 'dieu-phoi' };

/** Gives each body the next seq; `at` is T0 + the given offset. */
export class EventLog {
  private seq = 0;
  readonly events: DispatchEvent[] = [];

  add(atOffsetMs: number, body: EventBody, actor: Actor = dispatcher): DispatchEvent {
    const event = { ...body, seq: ++this.seq, at: T0 + atOffsetMs, actor, commandId: null } as DispatchEvent;
    this.events.push(event);
    return event;
  }

  raise(at: number, n: number, commune: string, priority: Priority, kind: RequestKind = 'fight'): string {
    const c = cluster.communes.find((x) => x.id === commune);
    if (!c) throw new Error(`no commune ${commune}`);
    const requestId = `r${n}`;
    this.add(at, {
      type: 'request:raised',
      data: {
        requestId,
        commune,
        number: n,
        kind,
        priority,
        location: c.post.location,
        locationSource: 'post',
        note: '',
        respondersWanted: 1,
        clientSentAt: null,
      },
    });
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
    return applyEvents(initialState(cluster), this.events.slice(0, upTo));
  }
}
