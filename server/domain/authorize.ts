// Who may do what (the table in DESIGN.md), checked before a command is decided:
//   dispatcher: everything, including raising on a commune's behalf and advancing for an officer;
//   post: raise for its own commune, cancel its own open requests, add notes to its own requests;
//   officer: accept / decline / advance its own assignments, set its own duty, confirm receipt of
//   and answer welfare checks on its own assignments; raise its own SOS and say "an toàn" on it (only a
//   dispatcher closes an SOS). Only a dispatcher's console marks a request seen.
// `forbidden` means the role may never do this; `out_of_scope` that it may, but not to this target.
// A target that does not exist passes here so that `decide` answers not_found.
import type { Command } from '../../shared/commands';
import type { DispatchState, Principal } from '../../shared/domain';
import { ErrorCode, type Refusal } from '../../shared/protocol';
import { ownEntry } from '../../shared/sos';
import { forbidden, outOfScope, refuse } from './refusal';
import { ownRecord } from '../../shared/ids';

const ROLES_BY_COMMAND: Record<Command['type'], readonly Principal['role'][]> = {
  'request:raise': ['dispatcher', 'post'],
  'request:cancel': ['dispatcher', 'post'],
  'request:resolve': ['dispatcher'],
  'request:note': ['dispatcher', 'post'],
  'assignment:assign': ['dispatcher'],
  'assignment:unassign': ['dispatcher'],
  'assignment:accept': ['officer'],
  'assignment:decline': ['officer'],
  'assignment:advance': ['dispatcher', 'officer'],
  'officer:set_duty': ['dispatcher', 'officer'],
  'request:mark_seen': ['dispatcher'],
  'assignment:mark_delivered': ['officer'],
  'assignment:confirm_safe': ['dispatcher', 'officer'],
  // Only the officer itself raises its SOS or says "an toàn"; only a dispatcher closes it.
  'officer:sos': ['officer'],
  'officer:sos_safe': ['officer'],
  'officer:sos_close': ['dispatcher'],
};

/** Null when the principal may run the command; otherwise the refusal. */
export function authorize(principal: Principal, command: Command, state: DispatchState): Refusal | null {
  if (!ROLES_BY_COMMAND[command.type].includes(principal.role)) {
    return forbidden(`a ${principal.role} may not ${command.type}`);
  }
  if (principal.role === 'dispatcher') {
    if (command.type === 'request:raise' && !command.data.commune) {
      return refuse(ErrorCode.BadRequest, 'data.commune: required when a dispatcher raises a request');
    }
    if (command.type === 'officer:set_duty' && !command.data.officerId) {
      return refuse(ErrorCode.BadRequest, 'data.officerId: required when a dispatcher sets an officer’s duty');
    }
    return null;
  }
  if (principal.role === 'post') return authorizePost(principal, command, state);
  return authorizeOfficer(principal, command, state);
}

function authorizePost(principal: Principal, command: Command, state: DispatchState): Refusal | null {
  const own = principal.commune;
  switch (command.type) {
    case 'request:raise':
      return command.data.commune === undefined || command.data.commune === own
        ? null
        : outOfScope(`this post raises requests for ${own ?? '?'} only`);
    case 'request:cancel':
    case 'request:note': {
      const request = ownRecord(state.requests, command.data.requestId);
      return !request || request.commune === own
        ? null
        : outOfScope(`request ${request.id} belongs to another commune`);
    }
    default:
      return forbidden(`a post may not ${command.type}`);
  }
}

function authorizeOfficer(principal: Principal, command: Command, state: DispatchState): Refusal | null {
  const own = principal.officerId;
  switch (command.type) {
    case 'assignment:accept':
    case 'assignment:decline':
    case 'assignment:advance':
    case 'assignment:mark_delivered':
    case 'assignment:confirm_safe': {
      const assignment = ownRecord(state.assignments, command.data.assignmentId);
      return !assignment || assignment.officerId === own
        ? null
        : outOfScope(`assignment ${assignment.id} belongs to another officer`);
    }
    case 'officer:set_duty':
      return command.data.officerId === undefined || command.data.officerId === own
        ? null
        : outOfScope('an officer sets its own duty only');
    case 'officer:sos':
      // It names no officer: it is always the sender's own SOS.
      return own ? null : forbidden('this account is not linked to an officer');
    case 'officer:sos_safe': {
      const sos = ownEntry(state.requests, command.data.requestId)?.sos;
      return !sos || sos.officerId === own ? null : outOfScope('an officer answers its own SOS only');
    }
    default:
      return forbidden(`an officer may not ${command.type}`);
  }
}
