// Who may see what. `roomsFor` names the Socket.IO rooms an event is broadcast to; `canSee` answers
// the same question for one principal (used by sync); `viewFor` filters a whole snapshot for a role.
// Every event names its commune (and officer), so the rooms follow from the event plus the state
// after it (which officers were ever assigned to the request).
import {
  assignmentsOf,
  isActiveAssignment,
  type Assignment,
  type DispatchRequest,
  type DispatchState,
  type Principal,
} from '../../shared/domain';
import type { DispatchEvent } from '../../shared/events';
import { ownRecord } from '../../shared/ids';
import { ownEntry } from '../../shared/sos';

export const DISPATCHERS_ROOM = 'dispatchers';
export const communeRoom = (commune: string): string => `commune:${commune}`;
export const officerRoom = (officerId: string): string => `officer:${officerId}`;

/** The rooms a socket of this principal joins. */
export function roomsOf(principal: Principal): string[] {
  if (principal.role === 'dispatcher') return [DISPATCHERS_ROOM];
  if (principal.role === 'post') return principal.commune ? [communeRoom(principal.commune)] : [];
  return principal.officerId ? [officerRoom(principal.officerId)] : [];
}

/** Officers that hold or held an assignment on the request. */
export function officersOfRequest(state: DispatchState, requestId: string): string[] {
  const ids = ownRecord(state.requests, requestId)?.assignmentIds ?? [];
  return [...new Set(ids.flatMap((id) => ownRecord(state.assignments, id)?.officerId ?? []))];
}

/** The rooms that receive `event`; `state` is the projection after applying it. */
export function roomsFor(event: DispatchEvent, state: DispatchState): string[] {
  if (event.type === 'officer:duty_changed') return [DISPATCHERS_ROOM, officerRoom(event.data.officerId)];
  const rooms = new Set([DISPATCHERS_ROOM, communeRoom(event.data.commune)]);
  // The request is gone from `state` by now: the event names who held it.
  if (event.type === 'request:archived') for (const id of event.data.officerIds) rooms.add(officerRoom(id));
  if (event.type.startsWith('assignment:') && 'officerId' in event.data) {
    rooms.add(officerRoom(event.data.officerId));
    // An unanswered welfare check also goes to the officer's own commune post, which knows the officer.
    if (event.type === 'assignment:welfare_alert') rooms.add(communeRoom(event.data.officerCommune));
  } else {
    for (const officerId of officersOfRequest(state, event.data.requestId)) rooms.add(officerRoom(officerId));
  }
  for (const room of sosRooms(state, event.data.requestId)) rooms.add(room);
  return [...rooms];
}

/**
 * An SOS request is also followed by its officer and by the posts it alerts (the officer's commune and
 * its neighbours), from the SOS to its close, including who is sent.
 */
function sosRooms(state: DispatchState, requestId: string): string[] {
  const sos = ownEntry(state.requests, requestId)?.sos;
  return sos ? [officerRoom(sos.officerId), ...sos.alertCommunes.map(communeRoom)] : [];
}

/** Whether `principal` may see `event`, consistent with `roomsFor`. */
export function canSee(principal: Principal, event: DispatchEvent, state: DispatchState): boolean {
  const mine = roomsOf(principal);
  return roomsFor(event, state).some((room) => mine.includes(room));
}

/** The part of the state a principal may see. */
export function viewFor(principal: Principal, state: DispatchState): DispatchState {
  if (principal.role === 'dispatcher') return state;
  let requests: DispatchRequest[];
  let assignments: Assignment[];
  if (principal.role === 'post') {
    const commune = principal.commune ?? '';
    requests = Object.values(state.requests).filter(
      (r) => r.commune === commune || r.sos?.alertCommunes.includes(commune) === true,
    );
    assignments = requests.flatMap((r) => assignmentsOf(state, r.id));
  } else {
    // An officer sees the requests it holds or held an assignment on, its own SOS, and its own assignments only.
    assignments = Object.values(state.assignments).filter((a) => a.officerId === principal.officerId);
    const ownSos = Object.values(state.requests).flatMap((r) =>
      r.sos?.officerId === principal.officerId ? [r.id] : [],
    );
    requests = [...new Set([...assignments.map((a) => a.requestId), ...ownSos])].flatMap(
      (id) => ownRecord(state.requests, id) ?? [],
    );
    // The officer in danger sees who is coming (its SOS's events, these included, reach it live too).
    assignments = [...new Set([...assignments, ...ownSos.flatMap((id) => assignmentsOf(state, id))])];
  }
  // A post sees the officers on its requests (to name its responders); an officer only itself.
  const officerIds = new Set(
    principal.role === 'post' ? assignments.map((a) => a.officerId) : [principal.officerId ?? ''],
  );
  return {
    seq: state.seq,
    requests: Object.fromEntries(requests.map((r) => [r.id, r])),
    assignments: Object.fromEntries(assignments.map((a) => [a.id, a])),
    officers: Object.fromEntries(
      Object.values(state.officers)
        .filter((o) => officerIds.has(o.id))
        .map((o) => [o.id, o]),
    ),
  };
}

/** Officers whose positions each commune's post may see: those actively assigned to its requests. */
export function officersVisibleByCommune(state: DispatchState): Map<string, Set<string>> {
  const byCommune = new Map<string, Set<string>>();
  for (const a of Object.values(state.assignments)) {
    if (!isActiveAssignment(a)) continue;
    const visible = byCommune.get(a.commune) ?? new Set<string>();
    visible.add(a.officerId);
    byCommune.set(a.commune, visible);
  }
  return byCommune;
}

/** Officers whose positions a post of `commune` may see (see officersVisibleByCommune). */
export function officersVisibleToCommune(state: DispatchState, commune: string): Set<string> {
  return officersVisibleByCommune(state).get(commune) ?? new Set();
}
