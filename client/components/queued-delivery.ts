// When a queued command will go out, as the screens say it: by itself when the network returns, or only
// after the user acts (a refused connection is not retried, so "sẽ tự gửi" would be a false promise).
import { ErrorCode } from '../../shared/protocol';
import type { ConnectionStatus } from '../net/types';

export type QueuedDelivery =
  /** Offline or connecting: the outbox sends it by itself on reconnect. */
  | 'automatic'
  /** Refused for a protocol mismatch: after the app is reloaded. */
  | 'after_reload'
  /** Refused for the login (expired, or not this role's): after logging in again. */
  | 'after_login'
  /** Refused for another reason (this page's address): not from this page. */
  | 'blocked';

export function queuedDelivery(connection: ConnectionStatus): QueuedDelivery {
  if (connection.kind !== 'refused') return 'automatic';
  switch (connection.code) {
    case ErrorCode.ProtocolMismatch:
      return 'after_reload';
    case ErrorCode.Unauthenticated:
    case ErrorCode.Forbidden:
      return 'after_login';
    default:
      return 'blocked';
  }
}
