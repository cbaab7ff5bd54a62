// The live window against a real server: requests closed longer ago than LIVE_WINDOW leave the
// projection and every sync (clock-driven `request:archived` events), stay searchable over HTTP, and
// request numbers keep counting across a restart. The projection rebuilt from the log equals the live one.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../shared/domain';
import type { HistoryPage, HistoryRecord } from '../../shared/history';
import { applyEvents, initialState } from '../../shared/reducer';
import { JournalStore } from '../../server/store/journal-store';
import { principals } from '../support/test-auth';
import { ackRef, type TestClient } from '../support/test-client';
import type { TestServer } from '../support/test-server';
import { serverPerTest } from '../support/server-per-test';

const HOUR = 3600_000;

describe('live window and history', () => {
  const server = serverPerTest();
  const { connect } = server;
  let t: TestServer;
  beforeEach(async () => {
    t = await server.start({ config: { liveWindowMs: 2 * HOUR } });
  });

  const get = async (url: string, token: string) => {
    const res = await fetch(`${t.url}${url}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const dispatcherToken = () => t.tokenFor(principals.dispatcher());
  /** Tokens that outlive the hours the clock is moved on. */
  const connectLong = (p: Principal) => connect(p, { token: t.tokenFor(p, 48 * HOUR) });

  async function raise(post: TestClient, note: string): Promise<string> {
    const ack = await post.command({
      type: 'request:raise',
      data: { kind: 'theft', priority: 'high', note, respondersWanted: 1 },
    });
    expect(ack).toMatchObject({ ok: true });
    return ackRef(ack);
  }

  it('archives requests closed longer ago than the window, keeps them searchable, numbers across a restart', async () => {
    const post = await connectLong(principals.post('phu-long'));
    const otherPost = await connectLong(principals.post('ky-phu'));
    const d = await connectLong(principals.dispatcher());
    const r1 = await raise(post, 'Mất trộm trâu ở thôn Đồng');
    const r2 = await raise(post, 'Mất xe máy');
    const r3 = await raise(otherPost, 'Trộm gà');
    for (const id of [r1, r3]) {
      const ack = await d.command({
        type: 'request:resolve',
        data: { requestId: id, outcome: 'handled', note: 'Đã tìm thấy' },
      });
      expect(ack).toMatchObject({ ok: true });
    }
    await t.advance(HOUR);
    expect(Object.keys(t.server.engine.state.requests).sort()).toEqual([r1, r2, r3].sort());

    await t.advance(1.5 * HOUR);
    // Closed 2.5 h ago: gone from the live state, and everyone was told.
    expect(Object.keys(t.server.engine.state.requests)).toEqual([r2]);
    const archived = await d.waitForEvent((e) => e.type === 'request:archived' && e.data.requestId === r1);
    expect(archived.actor).toEqual({ role: 'system' });
    await post.waitForEvent((e) => e.type === 'request:archived' && e.data.requestId === r1);
    const snapshot = await d.sync(0, true);
    expect(snapshot.ok && snapshot.mode === 'snapshot' && Object.keys(snapshot.state.requests)).toEqual([r2]);
    const postSnapshot = await post.sync(0, true);
    expect(postSnapshot.ok && postSnapshot.mode === 'snapshot' && Object.keys(postSnapshot.state.requests)).toEqual([
      r2,
    ]);

    // History still has all three; a post sees its own commune only; officers have no history.
    const all = await get('/api/history', dispatcherToken());
    expect(all.status).toBe(200);
    expect((all.body as HistoryPage).items.map((s) => s.id)).toEqual([r3, r2, r1]);
    const byText = await get(`/api/history?q=${encodeURIComponent('TRÂU')}`, dispatcherToken());
    expect((byText.body as HistoryPage).items.map((s) => s.id)).toEqual([r1]);
    const handled = await get('/api/history?outcome=handled&commune=ky-phu', dispatcherToken());
    expect((handled.body as HistoryPage).items.map((s) => s.id)).toEqual([r3]);
    const paged = await get('/api/history?limit=1&offset=1', dispatcherToken());
    expect(paged.body).toMatchObject({ total: 3, offset: 1, items: [{ id: r2 }] });
    const mine = await get('/api/history?commune=ky-phu', t.tokenFor(principals.post('phu-long')));
    expect((mine.body as HistoryPage).items.map((s) => s.id)).toEqual([r2, r1]);
    expect((await get(`/api/history/${r3}`, t.tokenFor(principals.post('phu-long')))).status).toBe(404);
    expect((await get('/api/history', t.tokenFor(principals.officer('pl-1')))).status).toBe(403);
    expect((await get('/api/history?limit=100000', dispatcherToken())).body).toMatchObject({ code: 'bad_request' });
    expect((await get('/api/history/__proto__', dispatcherToken())).body).toMatchObject({ code: 'bad_request' });
    expect((await fetch(`${t.url}/api/history`)).status).toBe(401);

    const opened = await get(`/api/history/${r1}`, dispatcherToken());
    const record = (opened.body as { record: HistoryRecord }).record;
    expect(record.request).toMatchObject({ id: r1, number: 1, status: 'resolved', note: 'Mất trộm trâu ở thôn Đồng' });
    expect(record.request.timeline.map((e) => e.type)).toEqual(['request:raised', 'request:resolved']);
    expect(record.archivedSeq).toBe(archived.seq);

    // Numbers come from the log's counter, not from how many requests are live.
    const r4 = await raise(post, 'Sau khi lưu trữ');
    expect(t.server.engine.state.requests[r4]?.number).toBe(4);
    t = await server.restart();
    const post2 = await connectLong(principals.post('phu-long'));
    const r5 = await raise(post2, 'Sau khi khởi động lại');
    expect(t.server.engine.state.requests[r5]?.number).toBe(5);
    expect(Object.keys(t.server.engine.state.requests).sort()).toEqual([r2, r4, r5].sort());
    const afterRestart = await get('/api/history', dispatcherToken());
    expect((afterRestart.body as HistoryPage).items.map((s) => s.number)).toEqual([5, 4, 3, 2, 1]);

    // The snapshot written on the way out held only the live requests.
    const snapshotFile = JSON.parse(await fs.readFile(path.join(t.dataDir, 'journal', 'snapshot.json'), 'utf8')) as {
      state: { requests: Record<string, unknown> };
    };
    expect(Object.keys(snapshotFile.state.requests).sort()).toEqual([r2, r4].sort());
  });

  it('numbers on from the log counter after a restart when every numbered request is archived', async () => {
    const post = await connectLong(principals.post('ky-phu'));
    const d = await connectLong(principals.dispatcher());
    for (const note of ['Trộm chó', 'Trộm xe đạp']) {
      const id = await raise(post, note);
      await d.command({ type: 'request:resolve', data: { requestId: id, outcome: 'handled', note: '' } });
    }
    await t.advance(3 * HOUR);
    // Nothing numbered is live: the snapshot written on close holds no request to count from.
    expect(t.server.engine.state.requests).toEqual({});
    t = await server.restart();
    const again = await connectLong(principals.post('ky-phu'));
    const next = await raise(again, 'Sau khởi động lại');
    expect(t.server.engine.state.requests[next]?.number).toBe(3);
  });

  it('rebuilds from the log to exactly the live projection (archiving replays the same)', async () => {
    const post = await connectLong(principals.post('thanh-van'));
    const d = await connectLong(principals.dispatcher());
    for (let i = 0; i < 4; i++) {
      const id = await raise(post, `yêu cầu ${i}`);
      if (i % 2 === 0) await d.command({ type: 'request:cancel', data: { requestId: id, reason: 'nhầm' } });
      await t.advance(HOUR);
    }
    await t.advance(HOUR);
    const live = t.server.engine.state;
    expect(
      Object.values(live.requests)
        .map((r) => r.number)
        .sort(),
    ).toEqual([2, 4]);
    const journal = new JournalStore(path.join(t.dataDir, 'journal'));
    const { events } = await journal.load();
    await journal.close();
    expect(applyEvents(initialState(t.cluster), events)).toEqual(live);
  });
});
