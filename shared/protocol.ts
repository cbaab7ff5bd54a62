// The wire contract between client and server: the typed Socket.IO event maps, the handshake,
// acks and their error codes, sync and telemetry messages.
import { z } from 'zod';
import type { CommandInput, PositionReport } from './commands';
import type { DispatchState, Principal } from './domain';
import type { DispatchEvent } from './events';

/** Bumped on any incompatible change; a client with another version is refused at the handshake. */
export const PROTOCOL_VERSION = 2;

/** Largest message the server accepts, bytes (Socket.IO `maxHttpBufferSize`). */
export const MAX_MESSAGE_BYTES = 64 * 1024;

/** Every refusal carries one of these codes. */
export const ErrorCode = {
  /** The payload does not match the schema. */
  BadRequest: 'bad_request',
  /** The event or command type does not exist. */
  UnknownCommand: 'unknown_command',
  /** No valid token (handshake only). */
  Unauthenticated: 'unauthenticated',
  /** The client speaks another protocol version (handshake only). */
  ProtocolMismatch: 'protocol_mismatch',
  /** The page that opened the socket is from an origin this server does not serve (handshake only). */
  OriginRefused: 'origin_refused',
  /** The role may not do this at all. */
  Forbidden: 'forbidden',
  /** The role may do this, but not to this request/assignment/officer (another commune's, another officer's). */
  OutOfScope: 'out_of_scope',
  NotFound: 'not_found',
  /** Not possible in the current state (accepting an expired assignment, cancelling a resolved request). */
  InvalidState: 'invalid_state',
  /** The officer is off duty. */
  OfficerUnavailable: 'officer_unavailable',
  /** The officer already holds another assignment. */
  OfficerBusy: 'officer_busy',
  /** The message is larger than MAX_MESSAGE_BYTES. */
  TooLarge: 'too_large',
  /** Too many messages in a short time from one account or one IP. */
  RateLimited: 'rate_limited',
  /**
   * The node is overloaded (its event loop lags): a position fix is dropped so that commands keep the
   * loop. Send the next fix; commands are never answered with this.
   */
  Overloaded: 'overloaded',
  /** The event log could not store the command; nothing was applied. Retry later with the same id. */
  StorageUnavailable: 'storage_unavailable',
  /** The server is shutting down; reconnect and retry with the same id. */
  ShuttingDown: 'shutting_down',
  Internal: 'internal',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
export const ERROR_CODES = Object.values(ErrorCode) as readonly ErrorCode[];

export interface Refusal {
  ok: false;
  code: ErrorCode;
  message: string;
}
export type Ack<T extends object = object> = ({ ok: true } & T) | Refusal;

/** Ack of a command: the seq of the last event it appended; `ref` names what it created (request or assignment id). */
export type CommandAck = Ack<{ seq: number; ref?: string; duplicate?: boolean }>;

export const HandshakeAuthSchema = z.object({
  token: z.string().min(1).max(4096),
  protocol: z.number().int(),
});
export type HandshakeAuth = z.infer<typeof HandshakeAuthSchema>;

/** Sent as `connect_error` `data` so a client can tell why it was refused. */
export interface ConnectErrorData {
  code: ErrorCode;
  message: string;
}

export const SyncRequestSchema = z.strictObject({
  lastSeq: z.number().int().min(0),
  /** Ask for a snapshot of the whole view, e.g. after an event names a request this client has not got. */
  snapshot: z.boolean().optional(),
});
export type SyncRequest = z.infer<typeof SyncRequestSchema>;

/** What the server answers to `sync`: the missing events the role may see, or a snapshot of its view when too far behind. */
export type SyncResult =
  | { mode: 'events'; events: DispatchEvent[]; seq: number; positions: OfficerPosition[] }
  | { mode: 'snapshot'; state: DispatchState; seq: number; positions: OfficerPosition[] };
export type SyncAck = Ack<SyncResult>;

/** The latest fix of one officer as the server keeps it. */
export interface OfficerPosition extends PositionReport {
  officerId: string;
  /** Server time the fix arrived. */
  receivedAt: number;
}

/** Who is connected: an officer is online while at least one of its devices is. */
export interface PresenceUpdate {
  officerId: string;
  online: boolean;
  /** Server time of the change. */
  since: number;
}

export interface Welcome {
  principal: Principal;
  protocol: number;
  serverTime: number;
  /** Head of the log when the socket connected. */
  seq: number;
}

export const TrailRequestSchema = z.strictObject({
  officerId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be an officer id'),
});
export type TrailRequest = z.infer<typeof TrailRequestSchema>;
export type TrailAck = Ack<{ trail: OfficerPosition[] }>;

export interface ServerToClientEvents {
  /** Sent once after the handshake. */
  welcome: (welcome: Welcome) => void;
  /** One new event from the log, to the rooms allowed to see it. */
  event: (event: DispatchEvent) => void;
  /** Latest officer positions, batched (at most every 500 ms), volatile. */
  positions: (positions: OfficerPosition[]) => void;
  /**
   * Officers that came online or went offline, batched (at most every PRESENCE_BATCH_MS, server/presence):
   * the newest update per officer since the last batch. A dispatcher's first list is one such array (a second
   * follows with the officers on other nodes); `since` orders updates that cross between nodes.
   */
  presence: (updates: PresenceUpdate[]) => void;
}

export interface ClientToServerEvents {
  command: (command: CommandInput, ack: (result: CommandAck) => void) => void;
  sync: (request: SyncRequest, ack: (result: SyncAck) => void) => void;
  'position:report': (report: PositionReport, ack: (result: Ack) => void) => void;
  /** Dispatchers: an officer's recent fixes, oldest first (the live track of an SOS). */
  'position:trail': (request: TrailRequest, ack: (result: TrailAck) => void) => void;
}

export type InterServerEvents = Record<string, never>;

export interface SocketData {
  principal: Principal;
}

/** POST /api/login body and answer. */
export const LoginRequestSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;
export type LoginResponse = Ack<{ token: string; expiresAt: number; principal: Principal }>;
