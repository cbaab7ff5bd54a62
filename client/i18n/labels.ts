// Typed keys for the protocol's vocabulary, so a screen writes t(kindKey(kind)) instead of a string.
import type { AssignmentStatus, DutyStatus, Outcome, Priority, RequestKind, RequestStatus } from '../../shared/domain';
import { ERROR_CODES, type ErrorCode } from '../../shared/protocol';
import { LocalCode } from '../net/types';
import type { CommonKey, Translate } from './translate';

/** The server's codes and the ones a client adds (a local cancel, a timeout, no connection). */
export type ClientErrorCode = ErrorCode | LocalCode;

export const kindKey = (kind: RequestKind): CommonKey => `kind.${kind}`;
export const priorityKey = (priority: Priority): CommonKey => `priority.${priority}`;
export const requestStatusKey = (status: RequestStatus): CommonKey => `requestStatus.${status}`;
export const assignmentStatusKey = (status: AssignmentStatus): CommonKey => `assignmentStatus.${status}`;
export const dutyKey = (duty: DutyStatus): CommonKey => `duty.${duty}`;
export const officerStatusKey = (status: 'available' | 'busy' | 'off_duty'): CommonKey => `officerStatus.${status}`;
export const outcomeKey = (outcome: Outcome): CommonKey => `outcome.${outcome}`;
export const errorKey = (code: ClientErrorCode): CommonKey => `error.${code}`;

/** A refusal in the reader's language: its code's sentence; the server's own (English) text only for a code we do not know. */
export function refusalText(t: Translate<CommonKey>, code: string, serverText: string): string {
  return (ERROR_CODES as readonly string[]).includes(code) ? t(errorKey(code as ErrorCode)) : serverText;
}

/** A request that never got an answer: fetch() rejects with a TypeError when the network is down, so say that, not "Failed to fetch". */
export function failureText(t: Translate<CommonKey>, error: unknown): string {
  if (error instanceof TypeError) return t(errorKey(LocalCode.Offline));
  return error instanceof Error ? error.message : String(error);
}
