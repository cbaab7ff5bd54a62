// What sync answers are made of, computed once per state rather than once per socket. After a restart
// thousands of sockets ask to catch up at the same seq: filtering the whole state for each officer
// (viewFor scans every request, assignment and officer) and working out the rooms of every missed
// event for each socket made the reconnect storm quadratic. The projection never mutates a state (each
// applied batch is a new object), so everything here is cached per state object and dropped with it.
import type { Assignment, DispatchRequest, DispatchState, Principal } from '../shared/domain';
import type { DispatchEvent } from '../shared/events';
import { ownRecord } from '../shared/ids';
import { roomsFor, roomsOf, viewFor } from './domain/audience';

/** The audience rules cached here; a test passes counting wrappers. */
export interface AudienceRules {
  viewFor: typeof viewFor;
  roomsFor: typeof roomsFor;
}

/** An officer's own records: its assignments (in state order) and the SOS requests it raised (in state order). */
interface OfficerIndex {
  assignments: Map<string, Assignment[]>;
  sos: Map<string, DispatchRequest[]>;
}

class StateViews {
  private readonly posts = new Map<string, DispatchState>();
  private readonly rooms = new Map<number, string[]>();
  private index: OfficerIndex | null = null;

  constructor(
    private readonly state: DispatchState,
    private readonly rules: AudienceRules,
  ) {}

  /** The same as viewFor(principal, state): dispatchers share the state, posts one view per commune. */
  view(principal: Principal): DispatchState {
    if (principal.role === 'dispatcher') return this.rules.viewFor(principal, this.state);
    if (principal.role === 'post') {
      const commune = principal.commune ?? '';
      let view = this.posts.get(commune);
      if (view === undefined) {
        view = this.rules.viewFor(principal, this.state);
        this.posts.set(commune, view);
      }
      return view;
    }
    // An officer's view is its own: viewFor runs on the part of the state that concerns it, which
    // gives the same result as on the whole state without scanning it.
    return this.rules.viewFor(principal, this.officerPart(principal.officerId ?? ''));
  }

  /** The events of `events` that canSee(principal, event, state) lets through, each event's rooms worked out once. */
  visibleEvents(principal: Principal, events: readonly DispatchEvent[]): DispatchEvent[] {
    const mine = roomsOf(principal);
    return events.filter((event) => {
      let rooms = this.rooms.get(event.seq);
      if (rooms === undefined) {
        rooms = this.rules.roomsFor(event, this.state);
        this.rooms.set(event.seq, rooms);
      }
      return rooms.some((room) => mine.includes(room));
    });
  }

  /**
   * Everything viewFor reads for this officer: its assignments and their requests, its SOS requests and
   * every assignment on them, its own record. Its SOS requests go in first and the assignments in state
   * order, so the view's records come out in the order the whole state gives.
   */
  private officerPart(officerId: string): DispatchState {
    const index = (this.index ??= indexByOfficer(this.state));
    const { state } = this;
    const own = index.assignments.get(officerId) ?? [];
    const sos = index.sos.get(officerId) ?? [];
    const requests: DispatchState['requests'] = {};
    const assignments: DispatchState['assignments'] = {};
    for (const r of sos) requests[r.id] = r;
    for (const a of own) {
      assignments[a.id] = a;
      const request = ownRecord(state.requests, a.requestId);
      if (request) requests[request.id] = request;
    }
    for (const r of sos) {
      for (const id of r.assignmentIds) {
        const a = ownRecord(state.assignments, id);
        if (a) assignments[a.id] = a;
      }
    }
    const officer = ownRecord(state.officers, officerId);
    return { seq: state.seq, requests, assignments, officers: officer ? { [officer.id]: officer } : {} };
  }
}

function indexByOfficer(state: DispatchState): OfficerIndex {
  const index: OfficerIndex = { assignments: new Map(), sos: new Map() };
  for (const a of Object.values(state.assignments)) {
    const list = index.assignments.get(a.officerId);
    if (list) list.push(a);
    else index.assignments.set(a.officerId, [a]);
  }
  for (const r of Object.values(state.requests)) {
    if (!r.sos) continue;
    const list = index.sos.get(r.sos.officerId);
    if (list) list.push(r);
    else index.sos.set(r.sos.officerId, [r]);
  }
  return index;
}

/** The views of each state, created on first use and collected with the state. */
export class SyncViews {
  private readonly byState = new WeakMap<DispatchState, StateViews>();

  constructor(private readonly rules: AudienceRules = { viewFor, roomsFor }) {}

  of(state: DispatchState): StateViews {
    let views = this.byState.get(state);
    if (views === undefined) {
      views = new StateViews(state, this.rules);
      this.byState.set(state, views);
    }
    return views;
  }
}
