// DispatchClient: one authenticated Socket.IO connection and the state mirrored from it, the core every
// screen and the demo simulator run. A thin shell over two parts: the sync mirror (state, seq, holes,
// resync: sync-mirror.ts) and, for posts and officers, the outbox pump (queue, send, backoff, refusals:
// outbox-pump.ts). This file owns the socket's lifecycle and the link state shown on screen.
// Plain TS with nothing of the browser: storage and the network watch are injected, so it runs in Node.
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { PositionReport } from '../../shared/commands';
import type { DispatchState, Role } from '../../shared/domain';
import {
  ErrorCode,
  PROTOCOL_VERSION,
  type ClientToServerEvents,
  type ConnectErrorData,
  type OfficerPosition,
  type ServerToClientEvents,
} from '../../shared/protocol';
import { emptyState } from '../../shared/reducer';
import { ownRecord, setOwn } from '../../shared/ids';
import { newCommandId } from './command-id';
import { OutboxPump, type SendableCommand } from './outbox-pump';
import type { OutboxStorage } from './outbox-storage';
import { SyncMirror } from './sync-mirror';
import { initialSnapshot } from './sync-result';
import {
  LocalCode,
  type ClientAck,
  type ClientSnapshot,
  type CommandDraft,
  type ConnectionStatus,
  type EventListener,
  type RefusedCommand,
} from './types';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Watches the device's own network signal for the socket; returns the function that stops. */
export type NetworkWatch = (socket: ClientSocket, stopped: () => boolean) => () => void;

export interface DispatchClientOptions {
  token: string;
  /** Server origin; '' (default) is the page's own origin. Node passes `http://127.0.0.1:<port>`. */
  url?: string;
  /** Known from the login answer; otherwise taken from `welcome`. Dispatchers see every event (gap = resync). */
  role?: Role;
  /** Where commands wait while offline. Given: every send() goes through the outbox (posts, officers). */
  outbox?: OutboxStorage;
  /** The state before any event (initialState(cluster)): what the first sync's events apply to. */
  baseState?: DispatchState;
  /** The browser's online/offline signal (network-watch.ts); none in Node. */
  watchNetwork?: NetworkWatch;
  ackTimeoutMs?: number;
  retry?: { baseMs: number; maxMs: number };
  now?: () => number;
  socketOptions?: Partial<ManagerOptions & SocketOptions>;
}

/** Handshake refusals that retrying will not cure. */
const REFUSING_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  ErrorCode.Unauthenticated,
  ErrorCode.ProtocolMismatch,
  ErrorCode.Forbidden,
  ErrorCode.OriginRefused,
]);
const MAX_REFUSALS = 20;

/** Not started yet; started (with the network watch to stop); stopped for good. */
type Lifecycle = { kind: 'new' } | { kind: 'started'; unwatch: () => void } | { kind: 'stopped' };

export class DispatchClient {
  readonly socket: ClientSocket;
  private snapshot: ClientSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly eventListeners = new Set<EventListener>();
  private readonly mirror: SyncMirror;
  private readonly pump: OutboxPump | null;
  private readonly now: () => number;
  private readonly ackTimeoutMs: number;
  private readonly retry: { baseMs: number; maxMs: number };
  private readonly watchNetwork: NetworkWatch | undefined;
  private token: string;
  private role: Role | undefined;
  private lifecycle: Lifecycle = { kind: 'new' };
  /** Connections made so far: after the first, "connecting" reads "reconnecting". */
  private connects = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: DispatchClientOptions) {
    this.token = options.token;
    this.role = options.role;
    this.now = options.now ?? Date.now;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
    this.retry = options.retry ?? { baseMs: 1000, maxMs: 30_000 };
    this.watchNetwork = options.watchNetwork;
    this.snapshot = initialSnapshot(options.baseState ?? emptyState(), this.now());
    this.mirror = new SyncMirror({
      sync: (request) => this.socket.timeout(this.ackTimeoutMs).emitWithAck('sync', request),
      state: () => this.snapshot.state,
      role: () => this.role,
      synced: (state, positions) => this.update({ state, positions, lastSyncAt: this.now() }),
      applied: (state) => this.update({ state }),
      emit: (event, live) => {
        for (const listener of this.eventListeners) listener(event, { live });
      },
      caughtUp: () => this.caughtUp(),
      retryMs: this.retry.baseMs,
    });
    this.pump = options.outbox
      ? new OutboxPump(options.outbox, {
          canSend: () => this.lifecycle.kind !== 'stopped' && this.snapshot.connection.kind === 'live',
          send: (command) => this.socket.timeout(this.ackTimeoutMs).emitWithAck('command', command),
          now: this.now,
          changed: () => this.update({}),
          refused: (refusal) => this.recordRefusal(refusal),
          retry: this.retry,
        })
      : null;
    const socketOptions: Partial<ManagerOptions & SocketOptions> = {
      transports: ['websocket'],
      autoConnect: false,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10_000,
      // A function, so a renewed token is used on the next reconnect.
      auth: (cb) => cb({ token: this.token, protocol: PROTOCOL_VERSION }),
      ...options.socketOptions,
    };
    this.socket = options.url ? io(options.url, socketOptions) : io(socketOptions);
    this.wire();
  }

  /** Loads the persisted outbox, then connects. */
  async start(): Promise<void> {
    await this.pump?.load();
    if (this.lifecycle.kind !== 'new') return;
    const unwatch = this.watchNetwork?.(this.socket, () => this.lifecycle.kind === 'stopped') ?? (() => undefined);
    this.lifecycle = { kind: 'started', unwatch };
    this.socket.connect();
  }

  stop(): void {
    if (this.lifecycle.kind === 'started') this.lifecycle.unwatch();
    this.lifecycle = { kind: 'stopped' };
    this.pump?.stop();
    clearTimeout(this.reconnectTimer);
    this.socket.disconnect();
  }

  /**
   * Resolves once the outbox is in its storage (IndexedDB in the browser) as it is now: a reload after
   * this loses no queued command. Without an outbox, at once.
   */
  async outboxSaved(): Promise<void> {
    await this.pump?.whenSaved();
  }

  setToken(token: string): void {
    this.token = token;
  }

  getSnapshot = (): ClientSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Called for every applied event; `live` is false for events replayed by a resync. */
  onEvent(listener: EventListener): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** The server's clock as well as this device can tell (for deadlines set by the server). */
  serverNow(): number {
    return this.now() + this.snapshot.serverOffsetMs;
  }

  /**
   * Sends a command. With an outbox the command is stored first and the promise settles on a
   * definitive answer, however many reconnects that takes; without one it fails fast when offline.
   */
  send(draft: CommandDraft): Promise<ClientAck> {
    const command = this.complete(draft);
    return this.pump ? this.pump.enqueue(command) : this.sendDirect(command);
  }

  /**
   * Sends now, past the outbox, failing fast when offline. For receipts: they are derived from the
   * state, so a lost one is simply sent again, and they never show as "queued" to the user.
   */
  sendNow(draft: CommandDraft): Promise<ClientAck> {
    return this.sendDirect(this.complete(draft));
  }

  /**
   * Drops a command that has never left the device (OutboxItem.cancellable). False once it has been sent (it
   * is resent with its id until answered, never dropped) or is already gone.
   */
  async cancelQueued(id: string): Promise<boolean> {
    return (await this.pump?.cancel(id)) ?? false;
  }

  /** Sends a position fix now if live; offline, only the latest fix is kept for the reconnect. */
  reportPosition(report: PositionReport): void {
    this.update({ pendingFix: report });
    if (this.snapshot.connection.kind === 'live') void this.sendFix();
  }

  /** An officer's stored trail, oldest first (dispatchers); empty when offline or refused. */
  async fetchTrail(officerId: string): Promise<OfficerPosition[]> {
    if (this.snapshot.connection.kind !== 'live') return [];
    try {
      const ack = await this.socket.timeout(this.ackTimeoutMs).emitWithAck('position:trail', { officerId });
      return ack.ok ? ack.trail : [];
    } catch {
      return [];
    }
  }

  private wire(): void {
    const s = this.socket;
    s.on('connect', () => {
      const since = this.snapshot.connection.since;
      this.setConnection({ kind: 'connecting', since, reconnecting: this.connects > 0 });
      this.connects += 1;
      this.mirror.attach();
    });
    s.on('welcome', (welcome) => {
      this.role ??= welcome.principal.role;
      this.update({ principal: welcome.principal, serverOffsetMs: welcome.serverTime - this.now() });
    });
    s.on('event', (event) => this.mirror.receive(event));
    s.on('positions', (positions) => {
      const next = { ...this.snapshot.positions };
      for (const p of positions) setOwn(next, p.officerId, p);
      this.update({ positions: next });
    });
    s.on('presence', (updates) => {
      const next = { ...this.snapshot.presence };
      for (const p of updates) {
        // Each node sends its batch on its own timer: the "offline" from the node an officer left can come
        // after the "online" from the node it reconnected to. The later change wins, not the later frame.
        const held = ownRecord(next, p.officerId);
        if (held && held.since > p.since) continue;
        setOwn(next, p.officerId, p);
      }
      this.update({ presence: next });
    });
    s.on('disconnect', (reason) => {
      this.mirror.detach();
      // Anything Socket.IO buffered would go out before the resync; the outbox resends it in order.
      s.sendBuffer = [];
      this.pump?.linkDown();
      if (this.lifecycle.kind === 'stopped') return;
      this.setConnection({ kind: 'connecting', since: this.now(), reconnecting: true });
      // The server closed us on purpose (shutdown, restart): Socket.IO will not retry by itself.
      if (reason === 'io server disconnect') this.scheduleReconnect();
    });
    s.on('connect_error', (err: Error & { data?: Partial<ConnectErrorData> }) => {
      if (this.lifecycle.kind === 'stopped') return;
      const code = err.data?.code;
      if (!s.active && code && REFUSING_CODES.has(code)) {
        this.setConnection({ kind: 'refused', since: this.now(), code, message: err.data?.message ?? err.message });
        return;
      }
      const c = this.snapshot.connection;
      this.setConnection({ kind: 'offline', since: c.kind === 'live' ? this.now() : c.since });
      // Refused by a middleware for a passing reason (shutting down): retry ourselves.
      if (!s.active) this.scheduleReconnect();
    });
  }

  /** The mirror has caught up on this connection: the link is live, and what waited goes out. */
  private caughtUp(): void {
    if (this.snapshot.connection.kind !== 'live') this.setConnection({ kind: 'live', since: this.now() });
    if (this.snapshot.pendingFix) void this.sendFix();
    this.pump?.linkUp();
  }

  private scheduleReconnect(): void {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      if (this.lifecycle.kind !== 'stopped' && !this.socket.connected) this.socket.connect();
    }, this.retry.baseMs);
  }

  private complete(draft: CommandDraft): SendableCommand {
    const filled = { ...draft, id: draft.id ?? newCommandId(), sentAt: draft.sentAt ?? this.now() };
    return filled as SendableCommand;
  }

  private async sendDirect(command: SendableCommand): Promise<ClientAck> {
    if (this.snapshot.connection.kind !== 'live') {
      return { ok: false, code: LocalCode.Offline, message: 'not connected' };
    }
    try {
      return await this.socket.timeout(this.ackTimeoutMs).emitWithAck('command', command);
    } catch {
      return { ok: false, code: LocalCode.Timeout, message: 'no answer from the server' };
    }
  }

  private async sendFix(): Promise<void> {
    const fix = this.snapshot.pendingFix;
    if (!fix) return;
    try {
      const ack = await this.socket.timeout(this.ackTimeoutMs).emitWithAck('position:report', fix);
      if (!ack.ok) return;
    } catch {
      return; // kept as pendingFix unless a newer one replaced it; sent on the next connect
    }
    this.update({
      lastFixSentAt: this.now(),
      pendingFix: this.snapshot.pendingFix === fix ? null : this.snapshot.pendingFix,
    });
  }

  private recordRefusal(refusal: RefusedCommand): void {
    this.update({ refusals: [...this.snapshot.refusals, refusal].slice(-MAX_REFUSALS) });
  }

  private setConnection(connection: ConnectionStatus): void {
    this.update({ connection });
  }

  private update(patch: Partial<ClientSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch, outbox: this.pump?.items() ?? [] };
    for (const listener of this.listeners) listener();
  }
}
