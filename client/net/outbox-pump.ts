// The outbox pump: sends the stored commands one at a time, head first, each until the server gives a
// definitive answer. A "not now" refusal or a lost answer keeps the command and resends it (same id, so
// the server applies it once) after a backoff; a "no" removes it and is kept as a refusal for the screen.
// Knows nothing of syncing: the client says when the link is up (caught up) and when it is gone.
import type { CommandInput } from '../../shared/commands';
import type { CommandAck } from '../../shared/protocol';
import { HEAD_OF_QUEUE_TYPES, Outbox, RETRYABLE_CODES, type OutboxItem } from './outbox';
import type { OutboxStorage } from './outbox-storage';
import { LocalCode, type ClientAck, type RefusedCommand } from './types';

export type SendableCommand = CommandInput & { id: string; sentAt: number };

/** What the pump needs from the client that holds it. */
export interface PumpHost {
  /** Live and caught up: commands may go now. */
  canSend(): boolean;
  /** One `command` round trip; rejects when no answer comes in time. */
  send(command: SendableCommand): Promise<CommandAck>;
  now(): number;
  /** The outbox's items changed (for the snapshot). */
  changed(): void;
  refused(refusal: RefusedCommand): void;
  retry: { baseMs: number; maxMs: number };
}

/** Idle; sending the head; or waiting out a backoff before the next attempt. */
type PumpState = { kind: 'idle' } | { kind: 'sending' } | { kind: 'backoff'; timer: ReturnType<typeof setTimeout> };

export class OutboxPump {
  private readonly outbox: Outbox;
  private readonly waiters = new Map<string, (ack: ClientAck) => void>();
  private state: PumpState = { kind: 'idle' };
  /** Counts links, so a failure on a link already gone does not start a backoff on the new one. */
  private epoch = 0;

  constructor(
    storage: OutboxStorage,
    private readonly host: PumpHost,
  ) {
    this.outbox = new Outbox(storage, () => host.changed());
  }

  load(): Promise<void> {
    return this.outbox.load();
  }

  items(): OutboxItem[] {
    return this.outbox.items();
  }

  whenSaved(): Promise<void> {
    return this.outbox.whenSaved();
  }

  /** Stores the command first; the promise settles on a definitive answer, however many reconnects that takes. */
  async enqueue(command: SendableCommand): Promise<ClientAck> {
    const answered = new Promise<ClientAck>((resolve) => this.waiters.set(command.id, resolve));
    const entry = { command, queuedAt: this.host.now(), attempts: 0, lastError: null };
    const head = HEAD_OF_QUEUE_TYPES.has(command.type);
    await this.outbox.add(entry, head);
    // An SOS waits for nothing, not even a backoff another command earned: it goes now.
    if (head && this.state.kind === 'backoff') {
      clearTimeout(this.state.timer);
      this.state = { kind: 'idle' };
    }
    void this.pump();
    return answered;
  }

  /**
   * Drops a command that has never left the device. False once it was sent, even if the link dropped
   * before an answer came: the server may have applied it, so it is resent (same id) rather than dropped.
   */
  async cancel(id: string): Promise<boolean> {
    if (!this.outbox.neverSent(id) || this.outbox.isSending(id)) return false;
    await this.outbox.remove(id);
    this.settle(id, { ok: false, code: LocalCode.CancelledLocally, message: 'cancelled before it was sent' });
    return true;
  }

  /** A fresh, caught-up link: the outbox goes now rather than after an old backoff. */
  linkUp(): void {
    if (this.state.kind === 'backoff') {
      clearTimeout(this.state.timer);
      this.state = { kind: 'idle' };
    }
    void this.pump();
  }

  /** The link dropped: nothing is in flight any more (the outbox resends it in order). */
  linkDown(): void {
    this.epoch += 1;
    this.outbox.resetSending();
  }

  stop(): void {
    if (this.state.kind === 'backoff') clearTimeout(this.state.timer);
    this.state = { kind: 'idle' };
  }

  /** Sends the head until the outbox is empty, the link drops or the server says "later". */
  private async pump(): Promise<void> {
    if (this.state.kind !== 'idle') return;
    this.state = { kind: 'sending' };
    let backoff: number | null = null;
    try {
      while (this.host.canSend()) {
        const entry = this.outbox.first();
        if (!entry) break;
        const id = entry.command.id;
        const epoch = this.epoch;
        this.outbox.markSending(id);
        let ack: CommandAck | null;
        try {
          ack = await this.host.send(entry.command);
        } catch {
          ack = null;
        }
        if (ack && (ack.ok || !RETRYABLE_CODES.has(ack.code))) {
          await this.outbox.remove(id);
          if (!ack.ok)
            this.host.refused({ command: entry.command, code: ack.code, message: ack.message, at: this.host.now() });
          this.settle(id, ack);
          continue;
        }
        const error =
          ack && !ack.ok ? { code: ack.code, message: ack.message } : { code: LocalCode.Timeout, message: '' };
        await this.outbox.requeue(id, error);
        // Same link still up: wait and resend. A link that dropped meanwhile resends when it is back.
        if (epoch === this.epoch) backoff = entry.attempts + 1;
        break;
      }
    } finally {
      this.state = { kind: 'idle' };
    }
    if (backoff !== null) this.backOff(backoff);
    // The link dropped mid-send and is already back and caught up: its linkUp found us busy, so go on.
    else if (this.host.canSend() && this.outbox.first()) void this.pump();
  }

  private backOff(attempts: number): void {
    const { baseMs, maxMs } = this.host.retry;
    const delay = Math.min(maxMs, baseMs * 2 ** Math.min(attempts - 1, 10));
    const timer = setTimeout(() => {
      this.state = { kind: 'idle' };
      void this.pump();
    }, delay);
    this.state = { kind: 'backoff', timer };
  }

  private settle(id: string, ack: ClientAck): void {
    const resolve = this.waiters.get(id);
    this.waiters.delete(id);
    resolve?.(ack);
  }
}
