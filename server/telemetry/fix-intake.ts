// Where an officer's position report goes after admission: checked (schema, plausibility), coalesced per
// officer, and written to the position store in one batch per POSITION_WRITE_MS window for every officer
// (one write per flush, not one per fix), then handed to the batcher that fans fixes out to consoles.
// Bounded: while a write is in flight new fixes keep coalescing, so at most one fix per officer waits;
// a fix replaced by a newer one from the same officer before it was written is acked at once (the client
// only needs to know it was received: the newer fix carries the position) and never stored.
// Acked in slices: a flush's acks (a socket write each, hundreds at 10,000 officers) go out ACK_SLICE at a
// time with a turn of the event loop between, so a raise that arrived meanwhile is not held behind them.
// Shed first: when the event loop lags beyond OVERLOAD_LAG_MS (LoadMonitor) a fix is refused before any
// parsing, so commands keep the loop. The refusal is `overloaded` (not `rate_limited`: the officer did
// nothing wrong); the client keeps a refused fix pending and replaces it with its next one.
import { PositionReportSchema } from '../../shared/commands';
import { describeIssues } from '../../shared/cluster';
import type { Principal } from '../../shared/domain';
import { ErrorCode, type Ack, type OfficerPosition } from '../../shared/protocol';
import { refuse } from '../domain/refusal';
import type { PositionBatcher, PositionStore } from '../positions';
import type { ValueChecks } from '../value-checks';
import type { LoadState } from './load-monitor';

export type FixReply = (ack: Ack) => void;

export interface FixIntakeDeps {
  positions: PositionStore;
  batcher: Pick<PositionBatcher, 'add'>;
  values: ValueChecks;
  /** The server's clock (receivedAt, plausibility). */
  now: () => number;
  load: LoadState;
  /** The coalescing window, ms (wall clock: a throughput matter, not domain time). */
  writeMs: number;
  /** Told of every fix shed (the metrics counter). */
  onShed?: () => void;
}

const OK: Ack = { ok: true };
/**
 * Acks written per turn of the event loop. At 10,000 officers a flush answered ~100 fixes in one go, and the
 * writes held the loop 15–40 ms (the longest tasks in a profile), straight onto a raise's latency.
 */
export const ACK_SLICE = 32;
const NOT_AN_OFFICER = refuse(ErrorCode.Forbidden, 'only officers report positions');
const SHED = refuse(ErrorCode.Overloaded, 'server overloaded: position fix dropped; send the next one in 1 s');
const NOT_RECORDED = refuse(ErrorCode.Internal, 'position not recorded');
const CLOSED = refuse(ErrorCode.ShuttingDown, 'the server is shutting down: position fix dropped');

interface Waiting {
  position: OfficerPosition;
  reply: FixReply;
}

export class FixIntake {
  private pending = new Map<string, Waiting>();
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;
  /** Set by close(): the server is closing, so nothing is taken or scheduled any more. */
  private closed = false;
  private shedCount = 0;

  constructor(private readonly deps: FixIntakeDeps) {}

  /** Fixes shed since start (for /healthz). */
  get shed(): number {
    return this.shedCount;
  }

  report(principal: Principal, raw: unknown, reply: FixReply): void {
    if (principal.role !== 'officer' || !principal.officerId) {
      reply(NOT_AN_OFFICER);
      return;
    }
    if (this.closed) {
      reply(CLOSED);
      return;
    }
    if (this.shedIfOverloaded(reply)) return;
    const parsed = PositionReportSchema.safeParse(raw);
    if (!parsed.success) {
      reply(refuse(ErrorCode.BadRequest, describeIssues(parsed.error)));
      return;
    }
    const now = this.deps.now();
    const implausible = this.deps.values.position(parsed.data, now);
    if (implausible) {
      console.warn(`socket: refused a position from ${principal.accountId}: ${implausible}`);
      reply(refuse(ErrorCode.BadRequest, implausible));
      return;
    }
    const position: OfficerPosition = { ...parsed.data, officerId: principal.officerId, receivedAt: now };
    const superseded = this.pending.get(position.officerId);
    if (superseded) answer(superseded.reply, OK);
    this.pending.set(position.officerId, { position, reply });
    this.schedule();
  }

  /**
   * While overloaded: refuses a fix with `overloaded` and counts it (true). Admission asks this before
   * the rate limiter, so a shed fix costs no limiter round trip (Redis with several nodes); report()
   * asks it again for a fix admitted just before the overload began.
   */
  shedIfOverloaded(reply: FixReply): boolean {
    if (!this.deps.load.overloaded) return false;
    this.shedCount += 1;
    this.deps.onShed?.();
    answer(reply, SHED);
    return true;
  }

  /**
   * On close: takes no more fixes, writes what is waiting (after the write in flight, if any), and resolves
   * once all of it is written.
   */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.writing || this.pending.size > 0) {
      if (this.writing) await this.writing;
      else this.write();
    }
  }

  private schedule(): void {
    // While a write is in flight, its completion schedules the next one: fixes coalesce meanwhile.
    if (this.closed || this.timer || this.writing) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.write();
    }, this.deps.writeMs);
    this.timer.unref();
  }

  private write(): void {
    // One write at a time: one in flight schedules the next when it ends.
    if (this.writing || this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    const current: Promise<void> = this.deps.positions
      .recordMany(batch.map((w) => w.position))
      .then(
        () => {
          for (const { position } of batch) this.deps.batcher.add(position);
          return answerInSlices(batch, OK);
        },
        (error: unknown) => {
          console.error(`positions: could not record ${batch.length} fixes`, error);
          return answerInSlices(batch, NOT_RECORDED);
        },
      )
      .finally(() => {
        if (this.writing === current) this.writing = null;
        if (this.pending.size > 0) this.schedule();
      });
    this.writing = current;
  }
}

/** Answers every waiting fix, ACK_SLICE per turn of the event loop; resolves once the last is answered. */
function answerInSlices(batch: readonly Waiting[], ack: Ack): Promise<void> {
  return new Promise((resolve) => {
    let next = 0;
    const slice = () => {
      const end = Math.min(next + ACK_SLICE, batch.length);
      for (; next < end; next += 1) answer((batch[next] as Waiting).reply, ack);
      if (next < batch.length) setImmediate(slice);
      else resolve();
    };
    slice();
  });
}

/** One client's broken ack callback must not cost the others in the batch theirs. */
function answer(reply: FixReply, ack: Ack): void {
  try {
    reply(ack);
  } catch (error) {
    console.error('positions: an ack callback failed', error);
  }
}
