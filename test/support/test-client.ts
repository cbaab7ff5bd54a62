// Real socket.io-client connections for tests, typed with the shared protocol, plus small helpers to
// send a command and wait for its ack, and to wait for (or collect) what the server pushes.
import { io, type Socket } from 'socket.io-client';
import type { CommandInput } from '../../shared/commands';
import type { Principal } from '../../shared/domain';
import type { DispatchEvent } from '../../shared/events';
import {
  PROTOCOL_VERSION,
  type ClientToServerEvents,
  type CommandAck,
  type ConnectErrorData,
  type OfficerPosition,
  type PresenceUpdate,
  type ServerToClientEvents,
  type SyncAck,
  type Welcome,
} from '../../shared/protocol';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
/** The same socket without the protocol's types, for sending what a broken or hostile client would. */
export type UntypedSocket = Socket;
export const untyped = (socket: ClientSocket): UntypedSocket => socket as unknown as UntypedSocket;

export interface TestClient {
  socket: ClientSocket;
  welcome: Welcome;
  /** Every `event` received since connecting, in arrival order. */
  events: DispatchEvent[];
  /** Every `positions` batch received since connecting. */
  positionBatches: OfficerPosition[][];
  /** Every `presence` update received since connecting, one by one (including those sent right after `welcome`). */
  presence: PresenceUpdate[];
  /** The same updates as the `presence` frames that carried them, one array per frame. */
  presenceFrames: PresenceUpdate[][];
  /** Sends a command (an id is made up when missing) and resolves its ack. */
  command(command: Omit<CommandInput, 'id'> & { id?: string }): Promise<CommandAck>;
  sync(lastSeq: number, snapshot?: boolean): Promise<SyncAck>;
  /** Resolves the first received event (already received or future) matching `match`. */
  waitForEvent(match: (e: DispatchEvent) => boolean, timeoutMs?: number): Promise<DispatchEvent>;
  close(): void;
}

let counter = 0;
/** A fresh command id that satisfies CommandIdSchema. */
export function newCommandId(): string {
  counter += 1;
  return `t${process.pid}-${Date.now().toString(36)}-${counter}`;
}

export interface ConnectOptions {
  protocol?: number;
  token?: string;
}

/** The ref (request or assignment id) an ack names, or '' when the command was refused. */
export function ackRef(ack: CommandAck): string {
  return ack.ok ? (ack.ref ?? '') : '';
}

/** Opens a raw socket (no waiting); for handshake tests. */
export function openSocket(url: string, auth: { token?: string; protocol?: number }): ClientSocket {
  return io(url, { transports: ['websocket'], auth, reconnection: false, forceNew: true });
}

/** Connects as `principal` with a token from `server.tokenFor` and waits for `welcome`. */
export async function connectAs(
  server: { url: string; tokenFor(p: Principal): string },
  principal: Principal,
  options: ConnectOptions = {},
): Promise<TestClient> {
  const socket = openSocket(server.url, {
    token: options.token ?? server.tokenFor(principal),
    protocol: options.protocol ?? PROTOCOL_VERSION,
  });
  const events: DispatchEvent[] = [];
  const positionBatches: OfficerPosition[][] = [];
  const presence: PresenceUpdate[] = [];
  const presenceFrames: PresenceUpdate[][] = [];
  socket.on('presence', (updates) => {
    presenceFrames.push(updates);
    presence.push(...updates);
  });
  const waiters = new Set<() => void>();
  socket.on('event', (e) => {
    events.push(e);
    for (const w of waiters) w();
  });
  socket.on('positions', (batch) => {
    positionBatches.push(batch);
    for (const w of waiters) w();
  });
  const welcome = await new Promise<Welcome>((resolve, reject) => {
    socket.once('welcome', resolve);
    socket.once('connect_error', (err) => reject(new Error(`connect_error: ${err.message}`)));
  });
  return {
    socket,
    welcome,
    events,
    positionBatches,
    presence,
    presenceFrames,
    command: (command) =>
      socket.timeout(10_000).emitWithAck('command', { ...command, id: command.id ?? newCommandId() } as CommandInput),
    sync: (lastSeq, snapshot) =>
      socket.timeout(10_000).emitWithAck('sync', snapshot === undefined ? { lastSeq } : { lastSeq, snapshot }),
    waitForEvent: (match, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(match);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error('timed out waiting for an event'));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      }),
    close: () => socket.close(),
  };
}

/** Resolves the `connect_error` data of a socket that is expected to be refused. */
export function expectConnectError(socket: ClientSocket): Promise<ConnectErrorData & { reason: string }> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected, expected a refusal')));
    socket.once('connect_error', (err) => {
      const data = (err as Error & { data?: ConnectErrorData }).data;
      resolve({ code: data?.code ?? 'internal', message: data?.message ?? '', reason: err.message });
    });
  });
}

/** Waits until `check` is true, polling (for things that arrive asynchronously, like a batch). */
export async function eventually(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
