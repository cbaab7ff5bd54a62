// The event log on Redis Streams, for several server nodes sharing one Redis. Appends are guarded
// by the expected seq inside one Lua script, so two nodes can never both write seq N; each node
// tails the stream to learn what the others appended.
import type { DispatchEvent, EventDraft } from '../../shared/events';
import {
  type RedisConnection,
  closeConnection,
  connectWithin,
  createRedisConnection,
  describe,
  redactUrl,
  runWithin,
  withDeadline,
} from './redis-connection';
import { assertReadable } from './readable-events';
import { APPEND_SCRIPT, SNAPSHOT_SCRIPT, parseAppendReply } from './redis-scripts';
import { type RedisKeys, decodeEntries, entryId, redisKeys } from './redis-stream';
import { StreamTail } from './redis-tail';
import { SeqConflictError, type LoadResult, type Snapshot, type Store, type StoreHealth } from './store';
import { log } from '../log';

export interface RedisStoreOptions {
  url: string;
  /** Every key starts with it, so several deployments (or tests) can share one Redis. */
  prefix: string;
  /** Reply deadline for ordinary commands, ms: past it the command counts as failed. */
  commandTimeoutMs?: number;
  /** Name shown in CLIENT LIST. */
  nodeName?: string;
  log?: (message: string) => void;
}

const PAGE = 1000;

export class RedisStore implements Store {
  readonly kind = 'redis' as const;
  private readonly keys: RedisKeys;
  private readonly client: RedisConnection;
  private readonly timeoutMs: number;
  private readonly log: (message: string) => void;
  /** Highest seq this node has handed to the engine (loaded, appended or delivered from the tail). */
  private knownSeq = 0;
  /** Appends whose reply has not arrived; the tail waits for them so it never delivers our own events. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly listeners = new Set<(events: DispatchEvent[]) => void>();
  private tail: StreamTail | null = null;
  private loaded = false;
  /** Run by close() first: what shares this node's Redis (lease, adapter, positions) stops with the store. */
  private readonly closeHooks: (() => Promise<void>)[] = [];

  private constructor(private readonly options: RedisStoreOptions) {
    this.keys = redisKeys(options.prefix);
    this.timeoutMs = options.commandTimeoutMs ?? 2000;
    this.log = options.log ?? ((m) => log.warn({ component: 'redis-store' }, m));
    this.client = createRedisConnection({
      url: options.url,
      ...(options.nodeName === undefined ? {} : { name: options.nodeName }),
    });
  }

  /** Connects (waiting up to `connectTimeoutMs` for Redis) and returns the store. */
  static async open(options: RedisStoreOptions & { connectTimeoutMs?: number }): Promise<RedisStore> {
    const store = new RedisStore(options);
    await connectWithin(store.client, options.connectTimeoutMs ?? 10_000);
    return store;
  }

  /** The command connection, for other small users on this node (positions); fails fast when Redis is down. */
  get connection(): RedisConnection {
    return this.client;
  }

  get url(): string {
    return this.options.url;
  }

  get prefix(): string {
    return this.options.prefix;
  }

  /** Registers work for close(), which the server calls last when it shuts down. */
  onClose(hook: () => Promise<void>): void {
    this.closeHooks.push(hook);
  }

  async load(): Promise<LoadResult> {
    const raw = await this.run(this.client.sendCommand(['HGET', this.keys.snapshot, 'data']), 'load snapshot');
    const snapshot = typeof raw === 'string' ? parseSnapshot(raw, this.keys.snapshot) : null;
    const events: DispatchEvent[] = [];
    let after = snapshot?.seq ?? 0;
    for (;;) {
      const page = await this.range(after, PAGE);
      for (const event of page) {
        if (event.seq !== after + 1) {
          throw new Error(`event log is missing seq ${after + 1} (found ${event.seq}): compacted past the snapshot?`);
        }
        events.push(event);
        after = event.seq;
      }
      if (page.length < PAGE) break;
    }
    this.knownSeq = Math.max(this.knownSeq, after);
    this.loaded = true;
    return { snapshot, events };
  }

  async append(expectedSeq: number, drafts: readonly EventDraft[]): Promise<DispatchEvent[]> {
    if (drafts.length === 0) return [];
    const events = drafts.map((draft, i) => ({ ...draft, seq: expectedSeq + i + 1 }) as DispatchEvent);
    assertReadable(events);
    const script = this.client.eval(APPEND_SCRIPT, {
      keys: [this.keys.head, this.keys.log],
      arguments: [String(expectedSeq), ...events.map((e) => JSON.stringify(e))],
    });
    const attempt = this.run(script, 'append');
    this.inFlight.add(attempt);
    try {
      const { written, head } = parseAppendReply(await attempt);
      if (!written) throw new SeqConflictError(expectedSeq, head);
      this.knownSeq = Math.max(this.knownSeq, head);
      return events;
    } finally {
      // If the reply was lost the events may still be stored: the tail then delivers them as
      // appended elsewhere, and the client's retry with the same command id finds them.
      this.inFlight.delete(attempt);
    }
  }

  async readAfter(afterSeq: number, limit: number): Promise<DispatchEvent[] | null> {
    if (limit <= 0) return [];
    for (let attempt = 0; attempt < READ_AFTER_ATTEMPTS; attempt++) {
      const events = await this.range(afterSeq, limit);
      const first = events[0];
      if (first) return first.seq === afterSeq + 1 ? events : null;
      // Nothing after afterSeq: caught up, unless the head is past it. Another node appending between the
      // two reads does that too (seen under load with three nodes: commands refused as "compacted"), so
      // read again before calling the log compacted.
      if ((await this.head()) <= afterSeq) return [];
    }
    return null;
  }

  async saveSnapshot(snapshot: Snapshot): Promise<void> {
    await this.run(
      this.client.eval(SNAPSHOT_SCRIPT, {
        keys: [this.keys.snapshot],
        arguments: [String(snapshot.seq), JSON.stringify(snapshot)],
      }),
      'save snapshot',
    );
  }

  onAppendedElsewhere(listener: (events: DispatchEvent[]) => void): () => void {
    this.listeners.add(listener);
    if (!this.tail) {
      this.tail = new StreamTail({
        connection: createRedisConnection({
          url: this.options.url,
          name: `${this.options.nodeName ?? 'node'}:tail`,
          onError: () => undefined,
        }),
        key: this.keys.log,
        // Before load() the engine knows nothing yet: "elsewhere" then means from now on.
        fromSeq: async () => {
          if (!this.loaded) this.knownSeq = Math.max(this.knownSeq, await this.head());
          return this.knownSeq;
        },
        onEvents: (events) => this.deliver(events),
        onError: (message) => this.log(message),
      });
    }
    return () => {
      this.listeners.delete(listener);
    };
  }

  async health(): Promise<StoreHealth> {
    const where = redactUrl(this.options.url);
    try {
      await withDeadline(this.client.ping(), Math.min(this.timeoutMs, 1000), 'PING');
      return { ok: true, kind: 'redis', detail: `redis ${where} ok`, seq: this.knownSeq };
    } catch (err) {
      return {
        ok: false,
        kind: 'redis',
        detail: `redis ${where} unreachable: ${describe(err)}`,
        seq: this.knownSeq,
      };
    }
  }

  async close(): Promise<void> {
    for (const hook of this.closeHooks.splice(0).reverse()) {
      await hook().catch((err: unknown) => this.log(`closing: ${describe(err)}`));
    }
    this.listeners.clear();
    await this.tail?.stop();
    this.tail = null;
    await closeConnection(this.client);
  }

  private async deliver(batch: DispatchEvent[]): Promise<void> {
    // Our own append may be the source of these entries; its reply decides (see append).
    if (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    const fresh = batch.filter((e) => e.seq > this.knownSeq);
    const first = fresh[0];
    if (!first) return;
    if (first.seq !== this.knownSeq + 1) {
      // Entries between were trimmed while this node was away: it cannot catch up from the log.
      this.log(`event log tail skipped from seq ${this.knownSeq} to ${first.seq}: restart this node to reload`);
      return;
    }
    this.knownSeq = fresh[fresh.length - 1]?.seq ?? this.knownSeq;
    for (const listener of this.listeners) {
      try {
        listener(fresh);
      } catch (err) {
        this.log(`listener failed: ${describe(err)}`);
      }
    }
  }

  private async range(afterSeq: number, count: number): Promise<DispatchEvent[]> {
    const reply = await this.run(
      this.client.sendCommand(['XRANGE', this.keys.log, entryId(afterSeq + 1), '+', 'COUNT', String(count)]),
      'read',
    );
    try {
      return decodeEntries(reply);
    } catch (error) {
      // Name the stream as the journal names its file: the operator must find the damaged entry.
      throw new Error(`redis stream ${this.keys.log}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async head(): Promise<number> {
    const raw = await this.run(this.client.sendCommand(['GET', this.keys.head]), 'read head');
    return typeof raw === 'string' ? Number(raw) : 0;
  }

  /** Runs one command with the reply deadline; any failure becomes StorageUnavailableError. */
  private run<T>(command: Promise<T>, what: string): Promise<T> {
    return runWithin(command, this.timeoutMs, what);
  }
}

function parseSnapshot(json: string, key: string): Snapshot {
  try {
    return JSON.parse(json) as Snapshot;
  } catch (error) {
    throw new Error(`redis snapshot ${key} is not valid JSON (${describe(error)})`, { cause: error });
  }
}
/** How often readAfter reads again when the head moved past an empty range (another node's append). */
const READ_AFTER_ATTEMPTS = 3;
