// One simulated user: logs in over HTTP like the app, holds a real socket.io-client connection,
// mirrors its view of the state with the shared reducer and sends commands with a fresh id each.
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { CommandInput, PositionReport } from '../../shared/commands';
import type { DispatchState, Principal } from '../../shared/domain';
import type { DispatchEvent } from '../../shared/events';
import {
  PROTOCOL_VERSION,
  type ClientToServerEvents,
  type CommandAck,
  type LoginResponse,
  type OfficerPosition,
  type ServerToClientEvents,
  type SyncAck,
} from '../../shared/protocol';
import { applyEvents, emptyState, reduce } from '../../shared/reducer';
import type { ReceiptClient } from '../../client/net/receipts';
import type { ClientAck, CommandDraft } from '../../client/net/types';
import { recordLatency, type SimStats } from './stats';

type SimSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const ACK_TIMEOUT_MS = 15_000;

export async function loginOverHttp(baseUrl: string, username: string, password: string) {
  const response = await fetch(new URL('/api/login', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await response.json()) as LoginResponse;
  if (!body.ok) throw new Error(`login ${username}: ${body.code} ${body.message}`);
  return body;
}

export class SimSession implements ReceiptClient {
  state: DispatchState;
  /** Latest positions seen (dispatchers and posts receive them). */
  readonly positions = new Map<string, OfficerPosition>();
  principal: Principal | null = null;
  private socket: SimSocket | null = null;
  private readonly listeners = new Set<(events: DispatchEvent[]) => void>();
  private closed = false;

  constructor(
    private readonly baseUrl: string,
    readonly username: string,
    private readonly password: string,
    private readonly stats: SimStats,
    /** The state before any event (every officer of the cluster, off duty), as the apps start from. */
    private readonly baseState: DispatchState = emptyState(),
  ) {
    this.state = baseState;
  }

  get connected(): boolean {
    return this.socket?.connected ?? false;
  }

  /** Logs in and connects; resolves after the first sync. */
  async start(): Promise<void> {
    const login = await loginOverHttp(this.baseUrl, this.username, this.password);
    this.principal = login.principal;
    const socket: SimSocket = io(this.baseUrl, {
      auth: { token: login.token, protocol: PROTOCOL_VERSION },
      transports: ['websocket'],
      reconnectionDelayMax: 5_000,
    });
    this.socket = socket;
    socket.on('connect_error', () => this.stats.connectErrors++);
    socket.on('disconnect', () => {
      if (!this.closed) this.stats.disconnects++;
    });
    // Events for our view; seqs have gaps by design (a filtered view), so only duplicates are skipped.
    socket.on('event', (event) => {
      if (event.seq <= this.state.seq) return;
      this.state = reduce(this.state, event);
      this.emit([event]);
    });
    socket.on('positions', (batch) => {
      for (const p of batch) this.positions.set(p.officerId, p);
    });
    socket.on('connect', () => void this.resync(this.state.seq));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (err) => reject(new Error(`connect ${this.username}: ${err.message}`)));
    });
    await this.resync(this.state.seq);
  }

  /** Catches up from `lastSeq` (0: the whole view, e.g. to learn the request behind a new assignment). */
  async resync(lastSeq: number): Promise<void> {
    const socket = this.socket;
    if (!socket?.connected) return;
    try {
      const result: SyncAck = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('sync', { lastSeq });
      if (!result.ok) return;
      for (const p of result.positions) this.positions.set(p.officerId, p);
      if (result.mode === 'snapshot') {
        this.state = result.state;
        this.emit([]);
      } else {
        const base = lastSeq === 0 ? this.baseState : this.state;
        const fresh = result.events.filter((e) => e.seq > base.seq);
        this.state = applyEvents(base, fresh);
        if (result.seq > this.state.seq) this.state = { ...this.state, seq: result.seq };
        this.emit(fresh);
      }
    } catch {
      // No answer: the next reconnect syncs again.
    }
  }

  onChange(listener: (events: DispatchEvent[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends a command; resolves with the ack, or null when none came (lost or disconnected). */
  async command(command: Omit<CommandInput, 'id'>): Promise<CommandAck | null> {
    const socket = this.socket;
    this.stats.commandsSent++;
    if (!socket?.connected) {
      this.stats.commandsLost++;
      return null;
    }
    const started = performance.now();
    try {
      const input = { ...command, id: randomUUID(), sentAt: Date.now() } as CommandInput;
      const ack: CommandAck = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('command', input);
      recordLatency(this.stats, performance.now() - started);
      if (ack.ok) this.stats.commandsOk++;
      else this.stats.refusals[ack.code] = (this.stats.refusals[ack.code] ?? 0) + 1;
      return ack;
    } catch {
      this.stats.commandsLost++;
      return null;
    }
  }

  // The three members receipts need (client/net/receipts.ts), so the bots share the apps' receipt logic.
  getSnapshot() {
    return { state: this.state, connection: { kind: this.connected ? ('live' as const) : ('offline' as const) } };
  }

  async sendNow(draft: CommandDraft): Promise<ClientAck> {
    return (await this.command(draft)) ?? { ok: false, code: 'timeout', message: 'no answer from the server' };
  }

  subscribe(listener: () => void): () => void {
    return this.onChange(() => listener());
  }

  reportPosition(report: PositionReport): void {
    const socket = this.socket;
    if (!socket?.connected) return;
    this.stats.positionsSent++;
    socket.timeout(ACK_TIMEOUT_MS).emit('position:report', report, (err, ack) => {
      if (!err && ack.ok) this.stats.positionsOk++;
    });
  }

  close(): void {
    this.closed = true;
    this.socket?.disconnect();
    this.socket = null;
    this.listeners.clear();
  }

  private emit(events: DispatchEvent[]): void {
    for (const listener of this.listeners) listener(events);
  }
}
