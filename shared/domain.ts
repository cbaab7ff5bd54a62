// The dispatch domain: the vocabulary (names are part of the protocol) and the records of the state.
import { z } from 'zod';
import type { LatLonSchema } from './cluster';
import { ownRecord } from './ids';
import type { SosState } from './sos';

export const REQUEST_KINDS = [
  'fight',
  'theft',
  'traffic_accident',
  'fire',
  'disaster',
  'pursuit',
  'medical',
  'other',
  /** "Hỗ trợ đồng chí": an officer in danger (SOS); only an `officer:sos` raises it. */
  'officer_support',
] as const;
export const RequestKindSchema = z.enum(REQUEST_KINDS);
export type RequestKind = z.infer<typeof RequestKindSchema>;

/** Ordered most urgent first; the queue sorts by this index. */
export const PRIORITIES = ['critical', 'high', 'normal'] as const;
export const PrioritySchema = z.enum(PRIORITIES);
export type Priority = z.infer<typeof PrioritySchema>;

export const REQUEST_STATUSES = ['open', 'dispatched', 'resolved', 'cancelled'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const ASSIGNMENT_STATUSES = [
  'pending',
  'accepted',
  'declined',
  'expired',
  'removed',
  'en_route',
  'on_scene',
  'released',
] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

/** Statuses an officer can report after accepting, in order. */
export const PROGRESS_STATUSES = ['en_route', 'on_scene', 'released'] as const;
export const ProgressStatusSchema = z.enum(PROGRESS_STATUSES);
export type ProgressStatus = z.infer<typeof ProgressStatusSchema>;

/** An assignment in one of these holds the officer (the officer is busy). */
export const ACTIVE_ASSIGNMENT_STATUSES: readonly AssignmentStatus[] = ['pending', 'accepted', 'en_route', 'on_scene'];
/** An assignment in one of these counts as a responder for the request. */
export const RESPONDING_STATUSES: readonly AssignmentStatus[] = [...ACTIVE_ASSIGNMENT_STATUSES, 'released'];

export const DUTY_STATUSES = ['available', 'off_duty'] as const;
export const DutyStatusSchema = z.enum(DUTY_STATUSES);
export type DutyStatus = z.infer<typeof DutyStatusSchema>;

export const OUTCOMES = ['handled', 'false_alarm', 'transferred', 'other'] as const;
export const OutcomeSchema = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof OutcomeSchema>;

export const ROLES = ['dispatcher', 'post', 'officer'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** Who did something. `system` is the server itself (timers). */
export const ActorSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('dispatcher'), id: z.string() }),
  z.object({ role: z.literal('post'), id: z.string(), commune: z.string() }),
  z.object({ role: z.literal('officer'), id: z.string() }),
  z.object({ role: z.literal('system') }),
]);
export type Actor = z.infer<typeof ActorSchema>;

/** The authenticated identity behind a socket; `id` is the account id, `officerId`/`commune` its scope. */
export interface Principal {
  accountId: string;
  role: Role;
  displayName: string;
  /** Set for posts: the commune the post belongs to. */
  commune?: string;
  /** Set for officers: the officer id in the cluster file. */
  officerId?: string;
}

export const LocationSourceSchema = z.enum(['post', 'point']);
export type LocationSource = z.infer<typeof LocationSourceSchema>;

export interface Note {
  id: string;
  at: number;
  actor: Actor;
  text: string;
}

/** One line of a request's history, kept in the state so a snapshot still shows the timeline. */
export interface TimelineEntry {
  seq: number;
  at: number;
  type: string;
  actor: Actor;
  officerId?: string;
  assignmentId?: string;
  detail?: string;
}

export interface DispatchRequest {
  id: string;
  /** Human number for radio talk ("yêu cầu số 12"), cluster-wide, from 1. */
  number: number;
  commune: string;
  kind: RequestKind;
  priority: Priority;
  location: z.infer<typeof LatLonSchema>;
  locationSource: LocationSource;
  note: string;
  respondersWanted: number;
  status: RequestStatus;
  raisedAt: number;
  raisedBy: Actor;
  /** The raising device's clock when the user pressed the button (may be skewed). */
  clientSentAt: number | null;
  /** Since when the request has had no responder; null while someone is on it. */
  openSince: number | null;
  /** How many times the unassigned alarm has fired (escalation level). */
  unassignedAlerts: number;
  assignmentIds: string[];
  notes: Note[];
  timeline: TimelineEntry[];
  closedAt: number | null;
  outcome: Outcome | null;
  closeReason: string | null;
  /** Receipt: when a dispatcher's console first showed the request (server time), and whose; null until then. */
  seenAt?: number | null;
  seenBy?: string | null;
  /** Set on a request an officer's SOS created (kind officer_support). */
  sos?: SosState;
}

export interface Assignment {
  id: string;
  requestId: string;
  officerId: string;
  commune: string;
  status: AssignmentStatus;
  assignedAt: number;
  assignedBy: Actor;
  /** When a pending assignment expires if not answered. */
  deadlineAt: number;
  acceptedAt: number | null;
  enRouteAt: number | null;
  onSceneAt: number | null;
  endedAt: number | null;
  reason: string | null;
  /** The expired or declined assignment this one automatically replaced (escalation); null when assigned by hand. */
  replaces?: string | null;
  /** Receipt: when the officer's device reported receiving the assignment (server time); null until then. */
  deliveredAt?: number | null;
  /** The latest welfare check ("an toàn?") sent to the officer on scene; null before any. */
  welfareCheckAt?: number | null;
  /** The officer's (or a dispatcher's, on the officer's behalf) latest "an toàn" answer. */
  welfareConfirmedAt?: number | null;
  /** When the latest check went unanswered long enough to alert the dispatchers. */
  welfareAlertAt?: number | null;
  /** When the dispatchers were last alerted that the officer is offline, and since when it was offline then. */
  offlineAlertAt?: number | null;
  offlineAlertSince?: number | null;
}

export interface OfficerState {
  id: string;
  callsign: string;
  commune: string;
  duty: DutyStatus;
  dutySince: number | null;
}

export interface DispatchState {
  /** Seq of the last event applied; 0 before any. */
  seq: number;
  requests: Record<string, DispatchRequest>;
  assignments: Record<string, Assignment>;
  officers: Record<string, OfficerState>;
  /**
   * The last request number given out (numbers come from the log, not from counting records, which
   * are archived). Absent in states from before archiving and in post and officer views.
   */
  requestCounter?: number;
}

export function isActiveAssignment(a: Assignment): boolean {
  return ACTIVE_ASSIGNMENT_STATUSES.includes(a.status);
}

/** The assignment currently holding the officer, if any. */
export function activeAssignmentOf(state: DispatchState, officerId: string): Assignment | undefined {
  return Object.values(state.assignments).find((a) => a.officerId === officerId && isActiveAssignment(a));
}

/**
 * Each officer's active assignment, in one pass: for a caller asking about every officer, instead of one
 * scan of all the day's assignments per officer.
 */
export function activeAssignmentsByOfficer(state: DispatchState): Map<string, Assignment> {
  const active = new Map<string, Assignment>();
  for (const a of Object.values(state.assignments)) {
    // The first one, as activeAssignmentOf answers (an officer holds at most one anyway).
    if (isActiveAssignment(a) && !active.has(a.officerId)) active.set(a.officerId, a);
  }
  return active;
}

/**
 * available | busy | off_duty, as the roster shows it. `active` (from activeAssignmentsByOfficer) saves
 * the scan when asking about many officers.
 */
export function officerStatus(
  state: DispatchState,
  officerId: string,
  active?: ReadonlyMap<string, Assignment>,
): 'available' | 'busy' | 'off_duty' {
  if (active ? active.has(officerId) : activeAssignmentOf(state, officerId)) return 'busy';
  return ownRecord(state.officers, officerId)?.duty === 'available' ? 'available' : 'off_duty';
}

export function assignmentsOf(state: DispatchState, requestId: string): Assignment[] {
  const request = ownRecord(state.requests, requestId);
  if (!request) return [];
  return request.assignmentIds.flatMap((id) => {
    const a = ownRecord(state.assignments, id);
    return a ? [a] : [];
  });
}

export function isClosed(request: DispatchRequest): boolean {
  return request.status === 'resolved' || request.status === 'cancelled';
}

/** A welfare check has been sent and not answered since. */
export function welfarePending(a: Assignment): boolean {
  const checkAt = a.welfareCheckAt ?? null;
  const confirmedAt = a.welfareConfirmedAt ?? null;
  return checkAt !== null && (confirmedAt === null || confirmedAt < checkAt);
}
