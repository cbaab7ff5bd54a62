// DispatchClient: one authenticated Socket.IO connection and the state mirrored from it. Plain TS (no
// React) so node tests and the demo simulator drive exactly what the screens use.
// Correctness never rests on Socket.IO's own recovery: every (re)connect resyncs from lastSeq.
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { CommandInput, PositionReport } from '../../shared/commands';
import type { DispatchState, Role } from '../../shared/domain';
import type { DispatchEvent } from '../../shared/events';
import {
  PROTOCOL_VERSION,
  type ClientToServerEvents,
  type CommandAck,
  type ConnectErrorData,
  type OfficerPosition,
  type ServerToClientEvents,
  type SyncAck,
} from '../../shared/protocol';
import { emptyState, reduce } from '../../shared/reducer';
import { newCommandId } from './command-id';
import { watchBrowserNetwork } from './network-watch';
import { HEAD_OF_QUEUE_TYPES, Outbox, RETRYABLE_CODES } from './outbox';
import { applySyncResult, initialSnapshot } from './sync-result';
import type { OutboxStorage } from './outbox-storage';
import type { ClientAck, ClientSnapshot, CommandDraft, ConnectionStatus, EventListener, RefusedCommand } from './types';
import { ownRecord, setOwn, withOwn } from '../../shared/ids';

export interface DispatchClientOptions {
  token: string;
  /** Server origin; '' (default) is the page's own origin. Node tests pass `http://127.0.0.1:<port>`. */
  url?: string;
  /** Known from the login answer; otherwise taken from `welcome`. Dispatchers see every event (gap = resync). */
  role?: Role;
  /** Where commands wait while offline. Given: every send() goes through the outbox (posts, officers). */
  outbox?: OutboxStorage;
  /** The state before any event (initialState(cluster)): what the first sync's events apply to. */
  baseState?: DispatchState;
  ackTimeoutMs?: number;
  retry?: { baseMs: number; maxMs: number };
  now?: () => number;
  socketOptions?: Partial<ManagerOptions & SocketOptions>;
}

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
const REFUSING_CODES = new Set(['unauthenticated', 'protocol_mismatch', 'forbidden', 'origin_refused']);
const MAX_REFUSALS = 20;

export class DispatchClient {
  readonly socket: ClientSocket;
  private snapshot: ClientSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly eventListeners = new Set<EventListener>();
  private readonly outbox: Outbox | null;
  private readonly waiters = new Map<string, (ack: ClientAck) => void>();
  private readonly now: () => number;
  private readonly ackTimeoutMs: number;
  private readonly retry: { baseMs: number; maxMs: number };
  private token: string;
  private role: Role | undefined;
  /** Bumped on every connect and disconnect, so late answers from an old connection are ignored. */
  private generation = 0;
  private syncing = false;
  private syncAgain = false;
  private fromScratch = false;
  private buffered: DispatchEvent[] = [];
  private pumping = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private everConnected = false;
  private stopped = false;
  private unwatchNetwork: (() => void) | undefined;
  /** Requests an event referred to that this (filtered) view lacked; each triggers one full resync. */
  private readonly missingAsked = new Set<string>();

  constructor(options: DispatchClientOptions) {
    this.token = options.token;
    this.role = options.role;
    this.now = options.now ?? Date.now;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
    this.retry = options.retry ?? { baseMs: 1000, maxMs: 30_000 };
    this.outbox = options.outbox ? new Outbox(options.outbox, () => this.update({})) : null;
    this.snapshot = initialSnapshot(options.baseState ?? emptyState(), this.now());
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
    await this.outbox?.load();
    if (this.stopped) return;
    this.unwatchNetwork = watchBrowserNetwork(this.socket, () => this.stopped);
    this.socket.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.reconnectTimer);
    this.unwatchNetwork?.();
    this.socket.disconnect();
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
  async send(draft: CommandDraft): Promise<ClientAck> {
    const command = this.complete(draft);
    if (!this.outbox) return this.sendDirect(command);
    const answered = new Promise<ClientAck>((resolve) => this.waiters.set(command.id, resolve));
    const entry = { command, queuedAt: this.now(), attempts: 0, lastError: null };
    await this.outbox.add(entry, HEAD_OF_QUEUE_TYPES.has(command.type));
    void this.pump();
    return answered;
  }

  /**
   * Sends now, past the outbox, failing fast when offline. For receipts: they are derived from the
   * state, so a lost one is simply sent again, and they never show as "queued" to the user.
   */
  sendNow(draft: CommandDraft): Promise<ClientAck> {
    return this.sendDirect(this.complete(draft));
  }

  /** Drops a command that has not left the device yet. False if it is being sent or already gone. */
  async cancelQueued(id: string): Promise<boolean> {
    if (!this.outbox?.has(id) || this.outbox.isSending(id)) return false;
    await this.outbox.remove(id);
    this.settle(id, { ok: false, code: 'cancelled_locally', message: 'cancelled before it was sent' });
    return true;
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

  /** Fetches what this client missed; `fromScratch` asks for a snapshot of the whole view. */
  resync(fromScratch = false): void {
    if (fromScratch) this.fromScratch = true;
    if (this.socket.connected) void this.runSync(this.generation);
  }

  private wire(): void {
    const s = this.socket;
    s.on('connect', () => {
      this.generation += 1;
      const since = this.snapshot.connection.since;
      this.setConnection({ kind: 'connecting', since, reconnecting: this.everConnected });
      this.everConnected = true;
      void this.runSync(this.generation);
    });
    s.on('welcome', (welcome) => {
      this.role ??= welcome.principal.role;
      this.update({ principal: welcome.principal, serverOffsetMs: welcome.serverTime - this.now() });
    });
    s.on('event', (event) => this.handleEvent(event));
    s.on('positions', (positions) => {
      const next = { ...this.snapshot.positions };
      for (const p of positions) setOwn(next, p.officerId, p);
      this.update({ positions: next });
    });
    s.on('presence', (p) => this.update({ presence: withOwn(this.snapshot.presence, p.officerId, p) }));
    s.on('disconnect', (reason) => {
      this.generation += 1;
      this.syncing = false;
      this.buffered = [];
      // Anything Socket.IO buffered would go out before the resync; the outbox resends it in order.
      s.sendBuffer = [];
      this.outbox?.resetSending();
      if (this.stopped) return;
      this.setConnection({ kind: 'connecting', since: this.now(), reconnecting: true });
      // The server closed us on purpose (shutdown, restart): Socket.IO will not retry by itself.
      if (reason === 'io server disconnect') this.scheduleReconnect();
    });
    s.on('connect_error', (err: Error & { data?: Partial<ConnectErrorData> }) => {
      if (this.stopped) return;
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

  private scheduleReconnect(): void {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      if (!this.stopped && !this.socket.connected) this.socket.connect();
    }, this.retry.baseMs);
  }

  private async runSync(generation: number): Promise<void> {
    if (this.syncing) {
      this.syncAgain = true;
      return;
    }
    this.syncing = true;
    const fromScratch = this.fromScratch;
    const base = this.snapshot.state;
    let result: SyncAck;
    try {
      const request = fromScratch ? { lastSeq: base.seq, snapshot: true } : { lastSeq: base.seq };
      result = await this.socket.timeout(this.ackTimeoutMs).emitWithAck('sync', request);
    } catch {
      result = { ok: false, code: 'internal', message: 'sync timed out' };
    }
    if (generation !== this.generation) return;
    if (!result.ok) {
      this.syncing = false;
      setTimeout(() => {
        if (generation === this.generation) void this.runSync(generation);
      }, this.retry.baseMs);
      return;
    }
    if (fromScratch) this.fromScratch = false;
    const { state, replayed, positions } = applySyncResult(base, result);
    this.update({ state, positions, lastSyncAt: this.now() });
    for (const e of replayed) this.emitEvent(e, false);
    const buffered = this.buffered;
    this.buffered = [];
    this.syncing = false;
    for (const e of buffered) this.handleEvent(e);
    if (this.syncAgain) {
      this.syncAgain = false;
      void this.runSync(generation);
      return;
    }
    if (this.syncing) return; // a gap in the buffered events started another resync
    if (this.snapshot.connection.kind !== 'live') this.setConnection({ kind: 'live', since: this.now() });
    if (this.snapshot.pendingFix) void this.sendFix();
    // A fresh, caught-up connection: the outbox goes now rather than after an old backoff.
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    void this.pump();
  }

  private handleEvent(event: DispatchEvent): void {
    if (this.syncing) {
      this.buffered.push(event); // applied after the resync, in order
      return;
    }
    const state = this.snapshot.state;
    if (event.seq <= state.seq) return; // already have it (a resync raced the broadcast)
    if (this.role === 'dispatcher' && event.seq !== state.seq + 1) {
      // Dispatchers see every event, so a jump means something was lost on the way.
      this.buffered.push(event);
      void this.runSync(this.generation);
      return;
    }
    this.update({ state: reduce(state, event) });
    this.emitEvent(event, true);
    // A filtered view can get an event about a request it has never seen (an officer just assigned).
    const data = event.data as { requestId?: string };
    if (this.role !== 'dispatcher' && data.requestId && !ownRecord(this.snapshot.state.requests, data.requestId)) {
      if (!this.missingAsked.has(data.requestId)) {
        this.missingAsked.add(data.requestId);
        this.resync(true);
      }
    }
  }

  private emitEvent(event: DispatchEvent, live: boolean): void {
    for (const listener of this.eventListeners) listener(event, { live });
  }

  private complete(draft: CommandDraft): CommandInput & { id: string; sentAt: number } {
    const filled = { ...draft, id: draft.id ?? newCommandId(), sentAt: draft.sentAt ?? this.now() };
    return filled as CommandInput & { id: string; sentAt: number };
  }

  private async sendDirect(command: CommandInput): Promise<ClientAck> {
    if (this.snapshot.connection.kind !== 'live') {
      return { ok: false, code: 'offline', message: 'not connected' };
    }
    try {
      return await this.socket.timeout(this.ackTimeoutMs).emitWithAck('command', command);
    } catch {
      return { ok: false, code: 'timeout', message: 'no answer from the server' };
    }
  }

  /** Sends the outbox head until it is empty, the link drops or the server says "later". */
  private async pump(): Promise<void> {
    if (!this.outbox || this.pumping) return;
    this.pumping = true;
    try {
      while (!this.stopped && this.snapshot.connection.kind === 'live' && this.retryTimer === undefined) {
        const entry = this.outbox.first();
        if (!entry) break;
        const id = entry.command.id;
        const generation = this.generation;
        this.outbox.markSending(id);
        let ack: CommandAck | null;
        try {
          ack = await this.socket.timeout(this.ackTimeoutMs).emitWithAck('command', entry.command);
        } catch {
          ack = null;
        }
        if (ack && (ack.ok || !RETRYABLE_CODES.has(ack.code))) {
          await this.outbox.remove(id);
          if (!ack.ok) this.recordRefusal(entry.command, ack.code, ack.message);
          this.settle(id, ack);
          continue;
        }
        const error = ack && !ack.ok ? { code: ack.code, message: ack.message } : { code: 'timeout', message: '' };
        await this.outbox.requeue(id, error);
        // Same connection still up: wait and resend (same id, so the server applies it once).
        if (generation === this.generation) this.scheduleRetry(entry.attempts + 1);
        break;
      }
    } finally {
      this.pumping = false;
    }
  }

  private scheduleRetry(attempts: number): void {
    const delay = Math.min(this.retry.maxMs, this.retry.baseMs * 2 ** Math.min(attempts - 1, 10));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.pump();
    }, delay);
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

  private recordRefusal(command: CommandInput, code: string, message: string): void {
    const refusal: RefusedCommand = { command, code, message, at: this.now() };
    this.update({ refusals: [...this.snapshot.refusals, refusal].slice(-MAX_REFUSALS) });
  }

  private settle(id: string, ack: ClientAck): void {
    const resolve = this.waiters.get(id);
    this.waiters.delete(id);
    resolve?.(ack);
  }

  private setConnection(connection: ConnectionStatus): void {
    this.update({ connection });
  }

  private update(patch: Partial<ClientSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch, outbox: this.outbox?.items() ?? [] };
    for (const listener of this.listeners) listener();
  }
}
