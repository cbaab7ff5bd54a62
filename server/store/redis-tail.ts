// Follows the event log stream on a dedicated connection (XREAD BLOCK holds the connection) and
// hands each batch over in order. Survives Redis restarts: on any error it waits and reads again
// from the last entry it delivered, so nothing between is skipped.
import type { DispatchEvent } from '../../shared/events';
import { type RedisConnection, describe, withDeadline } from './redis-connection';
import { decodeReadReply, entryId } from './redis-stream';

export interface StreamTailOptions {
  connection: RedisConnection;
  key: string;
  /** Where to start: entries after this seq (asked again until it answers, Redis may be down). */
  fromSeq: () => Promise<number>;
  /** How long one XREAD waits for new entries, ms. */
  blockMs?: number;
  /** Largest batch read at once. */
  count?: number;
  /** Awaited before the next read, so batches never overlap. */
  onEvents: (events: DispatchEvent[]) => Promise<void>;
  onError?: (message: string) => void;
}

export class StreamTail {
  private cursor: number | null = null;
  private stopped = false;
  private readonly done: Promise<void>;
  private wake: (() => void) | null = null;

  constructor(private readonly options: StreamTailOptions) {
    this.done = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    // A blocked XREAD would hold close() for up to blockMs: drop the dedicated socket instead.
    if (this.options.connection.isOpen) this.options.connection.destroy();
    await this.done;
  }

  private async run(): Promise<void> {
    const { connection, key } = this.options;
    const blockMs = this.options.blockMs ?? 2000;
    const count = this.options.count ?? 500;
    let failures = 0;
    while (!this.stopped) {
      try {
        if (!connection.isOpen) await connection.connect();
        this.cursor ??= await this.options.fromSeq();
        const reply = await withDeadline(
          connection.sendCommand([
            'XREAD',
            'COUNT',
            String(count),
            'BLOCK',
            String(blockMs),
            'STREAMS',
            key,
            entryId(this.cursor),
          ]),
          blockMs + 3000,
          'XREAD',
        );
        if (this.stopped) break;
        const events = decodeReadReply(reply);
        failures = 0;
        if (events.length === 0) continue;
        await this.options.onEvents(events);
        this.cursor = events[events.length - 1]?.seq ?? this.cursor;
      } catch (err) {
        if (this.stopped) break;
        // Logged once per outage, not once per retry.
        if (failures === 0) this.options.onError?.(`event log tail interrupted: ${describe(err)}`);
        failures += 1;
        await this.pause(Math.min(100 * failures, 1000));
      }
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
