// One simulated user, run exactly as the app runs it: logs in over HTTP with the app's login(), then
// drives the screens' own client core, DispatchClient (sync mirror with resync on every reconnect and on
// holes, an outbox for posts and officers, the latest position kept while offline). What it adds is only
// the counting a load run reports.
import { DispatchClient } from '../client/net/dispatch-client';
import { memoryOutboxStorage } from '../client/net/outbox-storage';
import type { ReceiptClient } from '../client/net/receipts';
import { login } from '../client/net/session';
import { LocalCode, type ClientAck, type ClientSnapshot, type CommandDraft } from '../client/net/types';
import type { PositionReport } from '../shared/commands';
import type { DispatchState } from '../shared/domain';
import { ownRecord } from '../shared/ids';
import type { OfficerPosition } from '../shared/protocol';
import { recordLatency, type SimStats } from './stats';

const ACK_TIMEOUT_MS = 15_000;
/** How long a session may take to go live before its start fails (the demo start-up must not hang). */
const LIVE_TIMEOUT_MS = 30_000;

export class SimSession implements ReceiptClient {
  private client: DispatchClient | null = null;
  private closed = false;

  constructor(
    private readonly baseUrl: string,
    readonly username: string,
    private readonly password: string,
    private readonly stats: SimStats,
    /** The state before any event (every officer of the cluster, off duty), as the apps start from. */
    private readonly baseState: DispatchState,
  ) {}

  /** The mirrored state of this user's view. */
  get state(): DispatchState {
    return this.client?.getSnapshot().state ?? this.baseState;
  }

  /** The latest fix seen of an officer (dispatchers and posts receive them). */
  position(officerId: string): OfficerPosition | undefined {
    return this.client ? ownRecord(this.client.getSnapshot().positions, officerId) : undefined;
  }

  /** Logs in and connects; resolves once the client is live (its first sync applied). */
  async start(): Promise<void> {
    const answer = await login(this.username, this.password, this.baseUrl);
    if (!answer.ok) throw new Error(`login ${this.username}: ${answer.code} ${answer.message}`);
    const { role } = answer.principal;
    const client = new DispatchClient({
      token: answer.token,
      url: this.baseUrl,
      role,
      baseState: this.baseState,
      // As on the apps: posts and officers queue what they send; the console sends straight.
      ...(role === 'dispatcher' ? {} : { outbox: memoryOutboxStorage() }),
      ackTimeoutMs: ACK_TIMEOUT_MS,
      socketOptions: { reconnectionDelayMax: 5_000 },
    });
    this.client = client;
    client.socket.on('connect_error', () => this.stats.connectErrors++);
    client.socket.on('disconnect', () => {
      if (!this.closed) this.stats.disconnects++;
    });
    // The client marks each acknowledged fix with the time it was acknowledged.
    let lastFixSentAt: number | null = null;
    client.subscribe(() => {
      const at = client.getSnapshot().lastFixSentAt;
      if (at !== lastFixSentAt && at !== null) this.stats.positionsOk++;
      lastFixSentAt = at;
    });
    await client.start();
    try {
      await untilLive(client, this.username);
    } catch (err) {
      client.stop();
      throw err;
    }
  }

  /** Sends a command (through the outbox for posts and officers); resolves with the definitive answer. */
  command(draft: CommandDraft): Promise<ClientAck> {
    return this.measured(this.live().send(draft));
  }

  reportPosition(report: PositionReport): void {
    this.stats.positionsSent++;
    this.live().reportPosition(report);
  }

  // What receipts need (client/net/receipts.ts), so the bots send them with the apps' own logic.
  getSnapshot(): ClientSnapshot {
    return this.live().getSnapshot();
  }

  sendNow(draft: CommandDraft): Promise<ClientAck> {
    return this.measured(this.live().sendNow(draft));
  }

  subscribe(listener: () => void): () => void {
    return this.live().subscribe(listener);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    // Their promises never settle once the client stops, so `measured` cannot count them: count them here.
    this.stats.queuedAtStop += this.client?.getSnapshot().outbox.length ?? 0;
    this.client?.stop();
  }

  private live(): DispatchClient {
    if (!this.client) throw new Error(`${this.username}: not started`);
    return this.client;
  }

  private async measured(sent: Promise<ClientAck>): Promise<ClientAck> {
    this.stats.commandsSent++;
    const started = performance.now();
    const ack = await sent;
    if (!ack.ok && (ack.code === LocalCode.Offline || ack.code === LocalCode.Timeout)) {
      this.stats.commandsLost++;
      return ack;
    }
    recordLatency(this.stats, performance.now() - started);
    if (ack.ok) this.stats.commandsOk++;
    else this.stats.refusals[ack.code] = (this.stats.refusals[ack.code] ?? 0) + 1;
    return ack;
  }
}

/**
 * Resolves when the client is live; rejects when the server refuses it for good, or when it is not live
 * within `timeoutMs` (the client itself reconnects forever, which would leave a start-up waiting).
 */
export function untilLive(client: DispatchClient, username: string, timeoutMs = LIVE_TIMEOUT_MS): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      const { connection } = client.getSnapshot();
      reject(new Error(`connect ${username}: not live after ${timeoutMs} ms (${connection.kind})`));
    }, timeoutMs);
    const check = () => {
      const { connection } = client.getSnapshot();
      if (connection.kind === 'live') resolve();
      else if (connection.kind === 'refused') reject(new Error(`connect ${username}: ${connection.code}`));
      else return;
      clearTimeout(timer);
      unsubscribe();
    };
    const unsubscribe = client.subscribe(check);
    check();
  });
}
