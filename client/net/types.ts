// The shapes DispatchClient exposes to screens and tests.
import type { CommandInput, PositionReport } from '../../shared/commands';
import type { DispatchState, Principal } from '../../shared/domain';
import type { DispatchEvent } from '../../shared/events';
import type { CommandAck, ErrorCode, OfficerPosition, PresenceUpdate } from '../../shared/protocol';
import type { OutboxItem } from './outbox';

export type ConnectionStatus =
  /** Handshake or resync in progress; `since` is when the link was last lost (or the first attempt). */
  | { kind: 'connecting'; since: number; reconnecting: boolean }
  /** Connected and caught up with the server. */
  | { kind: 'live'; since: number }
  /** Attempts are failing; still retrying in the background. */
  | { kind: 'offline'; since: number }
  /** The server said no at the handshake (bad/expired token, old app): retrying will not help. */
  | { kind: 'refused'; since: number; code: ErrorCode | 'unknown'; message: string };

/** Answers made on this device, never by the server (next to shared/protocol's ErrorCode). */
export const LocalCode = {
  /** The user dropped a queued command before it left the device. */
  CancelledLocally: 'cancelled_locally',
  /** Sent, but no answer came in time. */
  Timeout: 'timeout',
  /** Not sent: no live connection (commands past the outbox only). */
  Offline: 'offline',
} as const;
export type LocalCode = (typeof LocalCode)[keyof typeof LocalCode];

/** What a command's promise resolves with: the server's ack, or an answer made on this device. */
export type ClientAck = CommandAck | { ok: false; code: LocalCode; message: string };

/** Any command as a screen writes it; the client fills in id and sentAt when left out. */
export type CommandDraft = CommandInput extends infer C
  ? C extends CommandInput
    ? Omit<C, 'id' | 'sentAt'> & { id?: string; sentAt?: number }
    : never
  : never;

/** A command the server refused for good, kept so the screen can say so. */
export interface RefusedCommand {
  command: CommandInput;
  code: ErrorCode;
  message: string;
  at: number;
}

export interface ClientSnapshot {
  state: DispatchState;
  principal: Principal | null;
  connection: ConnectionStatus;
  positions: Readonly<Record<string, OfficerPosition>>;
  presence: Readonly<Record<string, PresenceUpdate>>;
  outbox: readonly OutboxItem[];
  refusals: readonly RefusedCommand[];
  /** server clock − device clock, ms (from `welcome`); add it to Date.now() to compare with server times. */
  serverOffsetMs: number;
  /** When the last position report was acknowledged; the latest unsent fix, if any. */
  lastFixSentAt: number | null;
  pendingFix: PositionReport | null;
  lastSyncAt: number | null;
}

export type EventListener = (event: DispatchEvent, info: { live: boolean }) => void;
