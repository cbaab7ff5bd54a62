// The sync mirror on its own, with a host that answers `sync` from a plain event log: the holes a
// failed sync, an archived request or a stale retry timer could open in what a view holds.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SyncMirror } from '../../client/net/sync-mirror';
import type { DispatchState, Role } from '../../shared/domain';
import { ErrorCode, type SyncAck, type SyncRequest } from '../../shared/protocol';
import { EventLog } from '../support/event-fixtures';

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

/**
 * A host whose state starts at `log.state(start)`; the server answers from the log's first `served()`
 * events (all by default); `answer` may override its reply to each sync.
 */
function mirrorOn(
  log: EventLog,
  start: number,
  role: Role,
  answer: (request: SyncRequest, n: number) => Promise<SyncAck> | undefined = () => undefined,
) {
  let state: DispatchState = log.state(start);
  const asked: SyncRequest[] = [];
  let caughtUp = 0;
  let served = log.events.length;
  const fromLog = (r: SyncRequest): SyncAck => {
    const events = log.events.slice(0, served);
    const seq = events.at(-1)?.seq ?? 0;
    return { ok: true, mode: 'events', events: events.filter((e) => e.seq > r.lastSeq), seq, positions: [] };
  };
  const mirror = new SyncMirror({
    sync: (r) => {
      asked.push(r);
      return answer(r, asked.length) ?? Promise.resolve(fromLog(r));
    },
    state: () => state,
    role: () => role,
    synced: (s) => (state = s),
    applied: (s) => (state = s),
    emit: () => undefined,
    caughtUp: () => (caughtUp += 1),
    retryMs: 30,
  });
  const serve = (n: number) => (served = n);
  return { mirror, asked, serve, state: () => state, caughtUp: () => caughtUp };
}

describe('sync mirror', () => {
  afterEach(() => void vi.useRealTimers());

  it('an event that arrives while a failed sync waits to retry is held, so the retry still fetches what came before it', async () => {
    const log = new EventLog();
    log.raise(0, 1, 'ky-phu', 'high'); // seq 1: held before the link dropped
    log.raise(1000, 2, 'ky-phu', 'high'); // seq 2: missed while offline
    log.raise(2000, 3, 'ky-phu', 'high'); // seq 3: arrives live during the retry wait
    const m = mirrorOn(log, 1, 'post', (_r, n) =>
      n === 1 ? Promise.resolve({ ok: false, code: ErrorCode.Internal, message: 'x' }) : undefined,
    );
    m.mirror.attach();
    await tick();
    m.mirror.receive(log.events[2]!);
    await tick(80);
    expect(m.asked.map((r) => r.lastSeq)).toEqual([1, 1]);
    expect(m.state().seq).toBe(3);
    expect(Object.keys(m.state().requests).sort()).toEqual(['r1', 'r2', 'r3']);
    expect(m.caughtUp()).toBe(1);
  });

  it('a request archived in a filtered view does not make it download its whole view', async () => {
    const log = new EventLog();
    const id = log.raise(0, 1, 'ky-phu', 'high');
    log.add(1000, { type: 'request:cancelled', data: { requestId: id, commune: 'ky-phu', reason: 'x' } } as never);
    log.add(2000, { type: 'request:archived', data: { requestId: id, commune: 'ky-phu', officerIds: [] } } as never);
    const m = mirrorOn(log, 2, 'post');
    m.serve(2); // the archive comes live, after the sync
    m.mirror.attach();
    await tick();
    m.serve(3);
    m.mirror.receive(log.events[2]!);
    await tick();
    expect(m.asked).toHaveLength(1);
    expect(m.state().seq).toBe(3);
    expect(id in m.state().requests).toBe(false);
  });

  it('a retry timer left by an old connection does not force an extra sync on the new one', async () => {
    const log = new EventLog();
    log.raise(0, 1, 'ky-phu', 'high');
    log.raise(1000, 2, 'ky-phu', 'high');
    const pending: Array<(a: SyncAck) => void> = [];
    const m = mirrorOn(log, 0, 'dispatcher', (_r, n) =>
      n === 1 ? Promise.reject(new Error('timeout')) : new Promise((resolve) => pending.push(resolve)),
    );
    m.mirror.attach(); // the first sync fails: a retry waits 30 ms
    await tick();
    m.mirror.detach();
    m.mirror.attach(); // the new connection's sync is still unanswered when the old timer fires
    await tick(60);
    pending.shift()!({ ok: true, mode: 'events', events: log.events, seq: 2, positions: [] });
    await tick(60);
    expect(m.asked).toHaveLength(2);
    expect(m.state().seq).toBe(2);
    expect(m.caughtUp()).toBe(1);
    pending.shift()?.({ ok: true, mode: 'events', events: [], seq: 2, positions: [] });
  });

  it('a lost connection takes its retry wait with it', async () => {
    vi.useFakeTimers();
    const log = new EventLog();
    log.raise(0, 1, 'ky-phu', 'high');
    const m = mirrorOn(log, 0, 'dispatcher', () => Promise.reject(new Error('timeout')));
    m.mirror.attach();
    await vi.advanceTimersByTimeAsync(0); // the sync failed: its retry waits
    expect(vi.getTimerCount()).toBe(1);
    m.mirror.detach();
    expect(vi.getTimerCount()).toBe(0);
  });
});
