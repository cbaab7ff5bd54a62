// Building refusals: one code from the fixed list plus a sentence a person can act on.
import { ErrorCode, type Refusal } from '../../shared/protocol';

export function refuse(code: ErrorCode, message: string): Refusal {
  return { ok: false, code, message };
}

export const forbidden = (message: string): Refusal => refuse(ErrorCode.Forbidden, message);
export const outOfScope = (message: string): Refusal => refuse(ErrorCode.OutOfScope, message);
export const notFound = (message: string): Refusal => refuse(ErrorCode.NotFound, message);
export const invalidState = (message: string): Refusal => refuse(ErrorCode.InvalidState, message);
