// The pure reducer `(state, event) → state`, run by the server for its projection and by every client
// for its mirror. It never mutates its input (React compares by reference) and never throws on an
// event it cannot place: a filtered view may lack the request an event refers to.
import type { Cluster } from './cluster';
import {
  isClosed,
  type Assignment,
  type AssignmentStatus,
  type DispatchRequest,
  type DispatchState,
  type OfficerState,
  type TimelineEntry,
} from './domain';
import type { DispatchEvent } from './events';
import { ownRecord, setOwn } from './ids';
import { isResponding } from './responders';
import { withSosClosed, withSosLostContact, withSosRaised, withSosSafe } from './sos';

/** Timeline entries kept per request; older ones are dropped (the log still has them). */
export const TIMELINE_LIMIT = 200;

export function emptyState(): DispatchState {
  return { seq: 0, requests: {}, assignments: {}, officers: {}, requestCounter: 0 };
}

/** The state before any event: every officer of the cluster, off duty. */
export function initialState(cluster: Pick<Cluster, 'officers'>): DispatchState {
  const officers: Record<string, OfficerState> = {};
  for (const o of cluster.officers) {
    setOwn(officers, o.id, { id: o.id, callsign: o.callsign, commune: o.commune, duty: 'off_duty', dutySince: null });
  }
  return { ...emptyState(), officers };
}

/**
 * Applies events in order. For a run of them the maps are copied once and then written in place, so
 * replaying a long log costs O(events), not O(events × requests) (each single-event copy is O(requests)).
 * The input is still never mutated; records no event touched keep their identity.
 */
export function applyEvents(state: DispatchState, events: readonly DispatchEvent[]): DispatchState {
  if (events.length === 0) return state;
  const writer = copyOnFirstWrite();
  let owned: DispatchState = { ...state };
  for (const event of events) {
    owned = applyBody(owned, event, writer);
    owned.seq = event.seq;
  }
  return owned;
}

export function reduce(state: DispatchState, event: DispatchEvent): DispatchState {
  return applyEvents(state, [event]);
}

/** How a changed record is written into the state (copyOnFirstWrite: into maps the run owns). */
interface Writer {
  request(state: DispatchState, request: DispatchRequest): DispatchState;
  assignment(state: DispatchState, assignment: Assignment): DispatchState;
  officer(state: DispatchState, officer: OfficerState): DispatchState;
  /** Drops a request and its assignments (archived). */
  remove(state: DispatchState, request: DispatchRequest): DispatchState;
}
type RecordMap = 'requests' | 'assignments' | 'officers';

/**
 * For one applyEvents run: each map is copied the first time the run writes to it, then written in place.
 * A run that never touches the officers leaves that map shared with the state before it: at province scale
 * it holds 10,000 officers, and copying it for every batch of raises was a millisecond each time.
 */
function copyOnFirstWrite(): Writer {
  const copied = new Set<RecordMap>();
  function own<K extends RecordMap>(s: DispatchState, key: K): DispatchState[K] {
    if (!copied.has(key)) {
      s[key] = { ...s[key] };
      copied.add(key);
    }
    return s[key];
  }
  return {
    request: (s, r) => {
      setOwn(own(s, 'requests'), r.id, r);
      return s;
    },
    assignment: (s, a) => {
      setOwn(own(s, 'assignments'), a.id, a);
      return s;
    },
    officer: (s, o) => {
      setOwn(own(s, 'officers'), o.id, o);
      return s;
    },
    remove: (s, r) => {
      const assignments = own(s, 'assignments');
      for (const id of r.assignmentIds) Reflect.deleteProperty(assignments, id);
      Reflect.deleteProperty(own(s, 'requests'), r.id);
      return s;
    },
  };
}

function applyBody(state: DispatchState, event: DispatchEvent, w: Writer): DispatchState {
  switch (event.type) {
    case 'request:raised': {
      const d = event.data;
      const request: DispatchRequest = {
        id: d.requestId,
        number: d.number,
        commune: d.commune,
        kind: d.kind,
        priority: d.priority,
        location: d.location,
        locationSource: d.locationSource,
        note: d.note,
        respondersWanted: d.respondersWanted,
        status: 'open',
        raisedAt: event.at,
        raisedBy: event.actor,
        clientSentAt: d.clientSentAt,
        openSince: event.at,
        unassignedAlerts: 0,
        assignmentIds: [],
        notes: [],
        timeline: [entry(event)],
        closedAt: null,
        outcome: null,
        closeReason: null,
        seenAt: null,
        seenBy: null,
      };
      return w.request(withCounter(state, d.number), request);
    }
    case 'request:archived': {
      const request = Object.hasOwn(state.requests, event.data.requestId) ? state.requests[event.data.requestId] : null;
      // Only a closed request leaves the live state: replaying the log can never drop an open one.
      return request && isClosed(request) ? w.remove(state, request) : state;
    }
    case 'request:cancelled':
      return updateRequest(state, event, w, (r) => ({
        ...r,
        status: 'cancelled',
        closedAt: event.at,
        closeReason: event.data.reason,
        openSince: null,
      }));
    case 'request:resolved':
      return updateRequest(state, event, w, (r) => ({
        ...r,
        status: 'resolved',
        closedAt: event.at,
        outcome: event.data.outcome,
        closeReason: event.data.note,
        openSince: null,
      }));
    case 'request:note_added':
      return updateRequest(state, event, w, (r) => ({
        ...r,
        notes: [...r.notes, { id: event.data.noteId, at: event.at, actor: event.actor, text: event.data.text }],
      }));
    case 'request:unassigned_alert':
      return updateRequest(state, event, w, (r) => ({ ...r, unassignedAlerts: event.data.level }));
    case 'assignment:created': {
      const d = event.data;
      const assignment: Assignment = {
        id: d.assignmentId,
        requestId: d.requestId,
        officerId: d.officerId,
        commune: d.commune,
        status: 'pending',
        assignedAt: event.at,
        assignedBy: event.actor,
        deadlineAt: d.deadlineAt,
        acceptedAt: null,
        enRouteAt: null,
        onSceneAt: null,
        endedAt: null,
        reason: null,
        replaces: d.replaces ?? null,
        deliveredAt: null,
        welfareCheckAt: null,
        welfareConfirmedAt: null,
        welfareAlertAt: null,
        offlineAlertAt: null,
        offlineAlertSince: null,
      };
      const withAssignment = w.assignment(state, assignment);
      return updateRequest(withAssignment, event, w, (r) =>
        withDerivedStatus(
          {
            ...r,
            assignmentIds: r.assignmentIds.includes(assignment.id)
              ? r.assignmentIds
              : [...r.assignmentIds, assignment.id],
          },
          withAssignment,
          event.at,
        ),
      );
    }
    case 'assignment:accepted':
      return updateAssignment(state, event, w, 'accepted', (a) => ({ ...a, acceptedAt: event.at }));
    case 'assignment:declined':
      return updateAssignment(state, event, w, 'declined', (a) => ({
        ...a,
        endedAt: event.at,
        reason: event.data.reason,
      }));
    case 'assignment:expired':
      return updateAssignment(state, event, w, 'expired', (a) => ({ ...a, endedAt: event.at }));
    case 'assignment:removed':
      return updateAssignment(state, event, w, 'removed', (a) => ({
        ...a,
        endedAt: event.at,
        reason: event.data.reason,
      }));
    case 'assignment:progressed': {
      const status = event.data.status;
      return updateAssignment(state, event, w, status, (a) => ({
        ...a,
        acceptedAt: a.acceptedAt ?? event.at,
        enRouteAt: status === 'en_route' ? event.at : a.enRouteAt,
        onSceneAt: status === 'on_scene' ? event.at : a.onSceneAt,
        endedAt: status === 'released' ? event.at : a.endedAt,
      }));
    }
    case 'officer:duty_changed': {
      const officer = ownRecord(state.officers, event.data.officerId);
      if (!officer) return state;
      return w.officer(state, { ...officer, duty: event.data.duty, dutySince: event.at });
    }
    case 'request:seen':
      // Only the first sighting is a receipt; a replayed or raced second one changes nothing.
      return updateRequest(state, event, w, (r) =>
        r.seenAt != null ? r : { ...r, seenAt: event.at, seenBy: 'id' in event.actor ? event.actor.id : null },
      );
    case 'assignment:delivered':
      return updateFields(state, event, w, (a) => (a.deliveredAt != null ? a : { ...a, deliveredAt: event.at }));
    case 'assignment:welfare_check':
      return updateFields(state, event, w, (a) => ({ ...a, welfareCheckAt: event.at, welfareAlertAt: null }));
    case 'assignment:welfare_confirmed':
      return updateFields(state, event, w, (a) => ({ ...a, welfareConfirmedAt: event.at, welfareAlertAt: null }));
    case 'assignment:welfare_alert':
      return updateFields(state, event, w, (a) => ({ ...a, welfareAlertAt: event.at }));
    case 'officer:offline_alert':
      return updateFields(state, event, w, (a) => ({
        ...a,
        offlineAlertAt: event.at,
        offlineAlertSince: event.data.offlineSince,
      }));
    case 'officer:sos_raised':
      return updateRequest(state, event, w, (r) => withSosRaised(r, event.data, event.at));
    case 'officer:sos_safe':
      return updateRequest(state, event, w, (r) => withSosSafe(r, event.at));
    case 'officer:sos_lost_contact':
      return updateRequest(state, event, w, (r) => withSosLostContact(r, event.data.silentSince, event.at));
    case 'officer:sos_closed':
      return updateRequest(state, event, w, (r) =>
        withSosClosed(r, event.data, event.at, 'id' in event.actor ? event.actor.id : null),
      );
    default:
      return assertNever(event);
  }
}

/** Numbers only grow, whatever order a filtered view sees raises in. */
function withCounter(state: DispatchState, number: number): DispatchState {
  return (state.requestCounter ?? 0) >= number ? state : { ...state, requestCounter: number };
}

function assertNever(value: never): never {
  throw new Error(`unhandled event ${JSON.stringify(value)}`);
}

function entry(event: DispatchEvent): TimelineEntry {
  const e: TimelineEntry = { seq: event.seq, at: event.at, type: event.type, actor: event.actor };
  const d = event.data;
  if ('officerId' in d) e.officerId = d.officerId;
  if ('assignmentId' in d) e.assignmentId = d.assignmentId;
  if ('status' in d) e.detail = d.status;
  else if ('reason' in d && d.reason) e.detail = d.reason;
  else if ('outcome' in d) e.detail = d.outcome;
  else if ('text' in d) e.detail = d.text;
  else if ('level' in d) e.detail = String(d.level);
  return e;
}

function updateRequest(
  state: DispatchState,
  event: DispatchEvent & { data: { requestId: string } },
  w: Writer,
  change: (r: DispatchRequest) => DispatchRequest,
): DispatchState {
  const current = ownRecord(state.requests, event.data.requestId);
  if (!current) return state;
  const changed = change(current);
  const timeline = [...changed.timeline, entry(event)].slice(-TIMELINE_LIMIT);
  return w.request(state, { ...changed, timeline });
}

function updateAssignment(
  state: DispatchState,
  event: DispatchEvent & { data: { requestId: string; assignmentId: string } },
  w: Writer,
  status: AssignmentStatus,
  change: (a: Assignment) => Assignment,
): DispatchState {
  const current = ownRecord(state.assignments, event.data.assignmentId);
  const withAssignment = current ? w.assignment(state, { ...change(current), status }) : state;
  return updateRequest(withAssignment, event, w, (r) => withDerivedStatus(r, withAssignment, event.at));
}

/** Changes an assignment's fields but not its status; the request's timeline records the event. */
function updateFields(
  state: DispatchState,
  event: DispatchEvent & { data: { requestId: string; assignmentId: string } },
  w: Writer,
  change: (a: Assignment) => Assignment,
): DispatchState {
  const current = ownRecord(state.assignments, event.data.assignmentId);
  const withAssignment = current ? w.assignment(state, change(current)) : state;
  return updateRequest(withAssignment, event, w, (r) => r);
}

/** open ⇄ dispatched follows whether any responder is on the request; closed requests stay closed. */
function withDerivedStatus(request: DispatchRequest, state: DispatchState, at: number): DispatchRequest {
  if (isClosed(request)) return request;
  const responding = request.assignmentIds.some((id) => {
    const a = ownRecord(state.assignments, id);
    return a !== undefined && isResponding(a);
  });
  if (responding)
    return request.status === 'dispatched' ? request : { ...request, status: 'dispatched', openSince: null };
  return request.status === 'open' ? request : { ...request, status: 'open', openSince: at, unassignedAlerts: 0 };
}
