// The pure decision: given the state and an authorized command, the events it produces or why not.
// Ids are derived from the seq the events will get, so a retry after a seq race decides afresh
// with new ids instead of colliding.
import { communeById, type Cluster } from '../../shared/cluster';
import type { Command } from '../../shared/commands';
import {
  activeAssignmentOf,
  assignmentsOf,
  isActiveAssignment,
  isClosed,
  PROGRESS_STATUSES,
  type Actor,
  type Assignment,
  type DispatchRequest,
  type DispatchState,
} from '../../shared/domain';
import type { EventBody, EventDraft } from '../../shared/events';
import { nextRequestNumber } from '../../shared/live-window';
import { ErrorCode, type Refusal } from '../../shared/protocol';
import { closeSos, decideSos } from './decide-sos';
import { assignmentIdAt, noteIdAt, requestIdAt } from './ids';
import { invalidState, notFound, refuse } from './refusal';
import { ownRecord } from '../../shared/ids';

export interface DecideConfig {
  assignmentDeadlineMs: number;
}

export interface Decision {
  ok: true;
  drafts: EventDraft[];
  /** What the command created (request or assignment id), for the ack. */
  ref?: string;
}

export interface DecideInput {
  state: DispatchState;
  command: Command;
  actor: Actor;
  now: number;
  cluster: Cluster;
  config: DecideConfig;
}

export function decide(input: DecideInput): Decision | Refusal {
  const { state, command, actor, now } = input;
  const draft = (body: EventBody): EventDraft => ({ ...body, at: now, actor, commandId: command.id }) as EventDraft;
  const nextSeq = state.seq + 1;
  switch (command.type) {
    case 'request:raise': {
      const d = command.data;
      if (d.kind === 'officer_support') {
        return refuse(ErrorCode.BadRequest, 'data.kind: officer_support comes only from an officer’s SOS');
      }
      const communeId = d.commune ?? (actor.role === 'post' ? actor.commune : '');
      const commune = communeById(input.cluster, communeId);
      if (!commune) return notFound(`no commune "${communeId}" in this cluster`);
      const requestId = requestIdAt(nextSeq);
      const body: EventBody = {
        type: 'request:raised',
        data: {
          requestId,
          commune: commune.id,
          number: nextRequestNumber(state),
          kind: d.kind,
          priority: d.priority,
          location: d.location ?? commune.post.location,
          locationSource: d.location ? 'point' : 'post',
          note: d.note,
          respondersWanted: d.respondersWanted,
          clientSentAt: command.sentAt ?? null,
        },
      };
      return { ok: true, drafts: [draft(body)], ref: requestId };
    }
    case 'request:cancel':
    case 'request:resolve': {
      const request = ownRecord(state.requests, command.data.requestId);
      if (!request) return notFound(`no request ${command.data.requestId}`);
      if (isClosed(request)) return invalidState(`request ${request.id} is already ${request.status}`);
      // An SOS cannot be cancelled (no false alarm goes silent); resolving it is closing it.
      if (request.sos) {
        return command.type === 'request:cancel'
          ? invalidState(`request ${request.id} is an SOS: only a dispatcher closes it, with an outcome`)
          : closeSos(input, request, command.data, draft);
      }
      if (command.type === 'request:cancel' && actor.role === 'post' && request.status !== 'open') {
        return invalidState(`request ${request.id} already has responders: ask the dispatcher to cancel it`);
      }
      const closing: EventBody =
        command.type === 'request:cancel'
          ? { type: 'request:cancelled', data: { ...requestRef(request), reason: command.data.reason } }
          : {
              type: 'request:resolved',
              data: { ...requestRef(request), outcome: command.data.outcome, note: command.data.note },
            };
      const why = command.type === 'request:cancel' ? 'request cancelled' : 'request resolved';
      return { ok: true, drafts: [...endAssignments(state, request, why).map(draft), draft(closing)] };
    }
    case 'request:note': {
      const request = ownRecord(state.requests, command.data.requestId);
      if (!request) return notFound(`no request ${command.data.requestId}`);
      const body: EventBody = {
        type: 'request:note_added',
        data: { ...requestRef(request), noteId: noteIdAt(nextSeq), text: command.data.text },
      };
      return { ok: true, drafts: [draft(body)] };
    }
    case 'assignment:assign': {
      const request = ownRecord(state.requests, command.data.requestId);
      if (!request) return notFound(`no request ${command.data.requestId}`);
      if (isClosed(request)) return invalidState(`request ${request.id} is already ${request.status}`);
      const officer = ownRecord(state.officers, command.data.officerId);
      if (!officer) return notFound(`no officer ${command.data.officerId}`);
      const holding = activeAssignmentOf(state, officer.id);
      if (holding) {
        return refuse(ErrorCode.OfficerBusy, `${officer.callsign} is on request ${holding.requestId} (${holding.id})`);
      }
      if (officer.duty !== 'available') return refuse(ErrorCode.OfficerUnavailable, `${officer.callsign} is off duty`);
      const assignmentId = assignmentIdAt(nextSeq);
      const body: EventBody = {
        type: 'assignment:created',
        data: {
          ...requestRef(request),
          assignmentId,
          officerId: officer.id,
          deadlineAt: now + input.config.assignmentDeadlineMs,
        },
      };
      return { ok: true, drafts: [draft(body)], ref: assignmentId };
    }
    case 'assignment:unassign':
    case 'assignment:accept':
    case 'assignment:decline':
    case 'assignment:advance': {
      const assignment = ownRecord(state.assignments, command.data.assignmentId);
      if (!assignment) return notFound(`no assignment ${command.data.assignmentId}`);
      const body = assignmentChange(command, assignment);
      return 'ok' in body ? body : { ok: true, drafts: [draft(body)] };
    }
    case 'officer:set_duty': {
      const officerId = command.data.officerId ?? (actor.role === 'officer' ? actor.id : '');
      const officer = ownRecord(state.officers, officerId);
      if (!officer) return notFound(`no officer ${officerId}`);
      if (officer.duty === command.data.duty) return { ok: true, drafts: [] };
      const holding = activeAssignmentOf(state, officer.id);
      if (command.data.duty === 'off_duty' && holding) {
        return refuse(ErrorCode.OfficerBusy, `${officer.callsign} still holds assignment ${holding.id}`);
      }
      return {
        ok: true,
        drafts: [draft({ type: 'officer:duty_changed', data: { officerId: officer.id, duty: command.data.duty } })],
      };
    }
    case 'request:mark_seen': {
      const request = ownRecord(state.requests, command.data.requestId);
      if (!request) return notFound(`no request ${command.data.requestId}`);
      // Every console sends it; only the first is a receipt, the rest are acknowledged with no event.
      if (request.seenAt != null) return { ok: true, drafts: [] };
      return { ok: true, drafts: [draft({ type: 'request:seen', data: requestRef(request) })] };
    }
    case 'assignment:mark_delivered': {
      const assignment = ownRecord(state.assignments, command.data.assignmentId);
      if (!assignment) return notFound(`no assignment ${command.data.assignmentId}`);
      if (assignment.deliveredAt != null) return { ok: true, drafts: [] };
      return { ok: true, drafts: [draft({ type: 'assignment:delivered', data: assignmentRef(assignment) })] };
    }
    case 'assignment:confirm_safe': {
      const assignment = ownRecord(state.assignments, command.data.assignmentId);
      if (!assignment) return notFound(`no assignment ${command.data.assignmentId}`);
      if (!isActiveAssignment(assignment) || assignment.status === 'pending') {
        return invalidState(`assignment ${assignment.id} is ${assignment.status}: nothing to confirm`);
      }
      return { ok: true, drafts: [draft({ type: 'assignment:welfare_confirmed', data: assignmentRef(assignment) })] };
    }
    case 'officer:sos':
    case 'officer:sos_safe':
    case 'officer:sos_close':
      return decideSos(input, command, draft);
    default:
      return assertNever(command);
  }
}

function assignmentChange(
  command: Extract<
    Command,
    { type: 'assignment:unassign' | 'assignment:accept' | 'assignment:decline' | 'assignment:advance' }
  >,
  a: Assignment,
): EventBody | Refusal {
  const ref = assignmentRef(a);
  switch (command.type) {
    case 'assignment:unassign':
      if (!isActiveAssignment(a)) return invalidState(`assignment ${a.id} is already ${a.status}`);
      return { type: 'assignment:removed', data: { ...ref, reason: command.data.reason } };
    case 'assignment:accept':
      if (a.status !== 'pending') return invalidState(`assignment ${a.id} is ${a.status}, not pending`);
      return { type: 'assignment:accepted', data: ref };
    case 'assignment:decline':
      if (a.status !== 'pending') return invalidState(`assignment ${a.id} is ${a.status}, not pending`);
      return { type: 'assignment:declined', data: { ...ref, reason: command.data.reason } };
    case 'assignment:advance': {
      // Progress only moves forward (steps may be skipped), and only after the assignment was accepted.
      const order = ['accepted', ...PROGRESS_STATUSES] as const;
      const current = order.indexOf(a.status as (typeof order)[number]);
      const target = order.indexOf(command.data.status);
      if (current === -1 || target <= current) {
        return invalidState(`assignment ${a.id} is ${a.status}: cannot move to ${command.data.status}`);
      }
      return { type: 'assignment:progressed', data: { ...ref, status: command.data.status } };
    }
  }
}

/** Closing a request frees its officers: pending ones are withdrawn, the others released. */
export function endAssignments(state: DispatchState, request: DispatchRequest, reason: string): EventBody[] {
  return assignmentsOf(state, request.id)
    .filter(isActiveAssignment)
    .map((a): EventBody =>
      a.status === 'pending'
        ? { type: 'assignment:removed', data: { ...assignmentRef(a), reason } }
        : { type: 'assignment:progressed', data: { ...assignmentRef(a), status: 'released' } },
    );
}

function requestRef(r: DispatchRequest): { requestId: string; commune: string } {
  return { requestId: r.id, commune: r.commune };
}

export function assignmentRef(a: Assignment) {
  return { requestId: a.requestId, commune: a.commune, assignmentId: a.id, officerId: a.officerId };
}

function assertNever(value: never): never {
  throw new Error(`unhandled command ${JSON.stringify(value)}`);
}
