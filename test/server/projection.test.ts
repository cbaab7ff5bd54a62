// Restart on the same data dir, a torn last line, and clients that missed events catching up.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { principals } from '../support/test-auth';
import type { TestClient } from '../support/test-client';
import type { TestServer } from '../support/test-server';
import { serverPerTest } from '../support/server-per-test';

describe('durability and resync', () => {
  const server = serverPerTest();
  const { connect } = server;
  let t: TestServer;
  // Registered after serverPerTest, so it runs before the clients and the server are closed.
  afterEach(() => {
    vi.restoreAllMocks();
  });

  async function busyDay(d: TestClient): Promise<{ requestId: string; assignmentId: string }> {
    await d.command({ type: 'officer:set_duty', data: { duty: 'available', officerId: 'tm-1' } });
    const r = await d.command({
      type: 'request:raise',
      data: { kind: 'pursuit', priority: 'high', commune: 'thanh-minh' },
    });
    const requestId = r.ok ? (r.ref ?? '') : '';
    const a = await d.command({ type: 'assignment:assign', data: { requestId, officerId: 'tm-1' } });
    await d.command({ type: 'request:note', data: { requestId, text: 'Xe máy biển 35' } });
    return { requestId, assignmentId: a.ok ? (a.ref ?? '') : '' };
  }

  it('a restarted server on the same data dir has the same state and continues the seq', async () => {
    t = await server.start();
    const d = await connect(principals.dispatcher());
    const { requestId } = await busyDay(d);
    const dedupId = 'restart-dedup-1';
    const first = await d.command({ id: dedupId, type: 'request:note', data: { requestId, text: 'trước khi tắt' } });
    const before = t.server.engine.state;
    d.close();
    t = await server.restart();
    expect(t.server.engine.state).toEqual(before);
    const d2 = await connect(principals.dispatcher());
    expect(d2.welcome.seq).toBe(before.seq);
    // The command ids survive too: a retry after the restart gets the first answer.
    expect(await d2.command({ id: dedupId, type: 'request:note', data: { requestId, text: 'trước khi tắt' } })).toEqual(
      {
        ...first,
        duplicate: true,
      },
    );
    const next = await d2.command({
      type: 'request:raise',
      data: { kind: 'fire', priority: 'normal', commune: 'ky-phu' },
    });
    expect(next).toMatchObject({ ok: true, seq: before.seq + 1, ref: `r${before.seq + 1}` });
  });

  it('a restart after snapshots loads the snapshot plus the tail and still dedups', async () => {
    t = await server.start({ config: { snapshotEvery: 10 } });
    const d = await connect(principals.dispatcher());
    const { requestId } = await busyDay(d);
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) {
      const id = `snap-note-${i}-xxxx`;
      ids.push(id);
      await d.command({ id, type: 'request:note', data: { requestId, text: `ghi chú ${i}` } });
    }
    const before = t.server.engine.state;
    const files = await fs.readdir(path.join(t.dataDir, 'journal'));
    expect(files).toContain('snapshot.json');
    d.close();
    t = await server.restart();
    expect(t.server.engine.state).toEqual(before);
    const d2 = await connect(principals.dispatcher());
    const again = await d2.command({ id: ids[0], type: 'request:note', data: { requestId, text: 'ghi chú 0' } });
    expect(again).toMatchObject({ ok: true, duplicate: true });
    expect(t.seq()).toBe(before.seq);
  });

  it('after a restart, a resync reads the journal; events compacted away give a snapshot instead', async () => {
    t = await server.start({ config: { snapshotEvery: 10 } });
    const d = await connect(principals.dispatcher());
    const { requestId } = await busyDay(d);
    for (let i = 0; i < 30; i++) await d.command({ type: 'request:note', data: { requestId, text: `n${i}` } });
    d.close();
    t = await server.restart();
    const head = t.seq();
    const back = await connect(principals.dispatcher());
    // The restart loaded the snapshot taken on close (so nothing is in memory); the segment before it
    // (events since about the last periodic snapshot: it rotates once its file is written) is kept, and a
    // resync from there reads the journal.
    const files = await fs.readdir(path.join(t.dataDir, 'journal'));
    const firstKept = Math.min(...files.flatMap((f) => /^journal-(\d+)\.jsonl$/.exec(f)?.[1] ?? []).map(Number));
    expect(firstKept).toBeGreaterThan(1);
    expect(firstKept).toBeLessThanOrEqual(head);
    const recent = await back.sync(firstKept - 1);
    if (!recent.ok || recent.mode !== 'events') throw new Error('expected events');
    expect(recent.events.map((e) => e.seq)).toEqual(
      Array.from({ length: head - firstKept + 1 }, (_, i) => firstKept + i),
    );
    const old = await back.sync(1);
    expect(old.ok && old.mode).toBe('snapshot');
  });

  it('a torn last line is dropped with a warning and the server starts on what was stored', async () => {
    t = await server.start();
    const d = await connect(principals.dispatcher());
    await busyDay(d);
    const stored = t.server.engine.state;
    d.close();
    await t.server.close();
    const dir = path.join(t.dataDir, 'journal');
    const [segment] = (await fs.readdir(dir)).filter((n) => n.startsWith('journal-'));
    await fs.appendFile(path.join(dir, segment ?? ''), '{"seq":5,"at":1,"actor":{"role":"sys');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    t = await server.restart();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('torn'));
    expect(t.server.engine.state).toEqual(stored);
    const d2 = await connect(principals.dispatcher());
    expect(
      await d2.command({ type: 'request:raise', data: { kind: 'fire', priority: 'normal', commune: 'ky-phu' } }),
    ).toMatchObject({
      seq: stored.seq + 1,
    });
  });

  it('a client that missed events resyncs from its seq with only the events its role may see', async () => {
    t = await server.start();
    const d = await connect(principals.dispatcher());
    const post = await connect(principals.post('thanh-minh'));
    const officer = await connect(principals.officer('tm-1'));
    const first = await busyDay(d);
    await post.waitForEvent((e) => e.type === 'request:note_added');
    const postSeq = post.events.at(-1)?.seq ?? 0;
    post.close();
    officer.close();
    // While they are away: one event for thanh-minh, one for another commune.
    const { requestId } = await busyDay(d);
    await d.command({ type: 'request:raise', data: { kind: 'theft', priority: 'normal', commune: 'phu-long' } });
    const back = await connect(principals.post('thanh-minh'));
    const sync = await back.sync(postSeq);
    expect(sync.ok && sync.mode).toBe('events');
    if (!sync.ok || sync.mode !== 'events') return;
    expect(sync.seq).toBe(t.seq());
    expect(sync.events.length).toBeGreaterThan(0);
    expect(sync.events.every((e) => e.seq > postSeq && 'commune' in e.data && e.data.commune === 'thanh-minh')).toBe(
      true,
    );
    expect(sync.events.some((e) => e.type === 'request:raised' && e.data.requestId === requestId)).toBe(true);
    // The officer sees the request events of requests it is on, not others.
    const officerBack = await connect(principals.officer('tm-1'));
    const os = await officerBack.sync(0);
    if (!os.ok || os.mode !== 'events') throw new Error('expected events');
    expect(os.events.some((e) => e.type === 'request:raised' && e.data.requestId === first.requestId)).toBe(true);
    expect(os.events.some((e) => e.type === 'request:raised' && e.data.requestId === requestId)).toBe(false);
    expect(os.events.some((e) => e.type === 'request:raised' && e.data.commune === 'phu-long')).toBe(false);
    expect(os.events.every((e) => e.type !== 'officer:duty_changed' || e.data.officerId === 'tm-1')).toBe(true);
  });

  it('a client too far behind (or asking for it) gets a snapshot of its own view', async () => {
    t = await server.start();
    const d = await connect(principals.dispatcher());
    await busyDay(d);
    await d.command({ type: 'request:raise', data: { kind: 'theft', priority: 'normal', commune: 'phu-long' } });
    const post = await connect(principals.post('phu-long'));
    const snap = await post.sync(0, true);
    if (!snap.ok || snap.mode !== 'snapshot') throw new Error('expected a snapshot');
    expect(snap.seq).toBe(t.seq());
    expect(Object.values(snap.state.requests).map((r) => r.commune)).toEqual(['phu-long']);
    expect(snap.state.assignments).toEqual({});
    // Far behind: more than the sync window of events since the client's seq.
    for (let i = 0; i < 1001; i++) await d.command({ type: 'request:note', data: { requestId: 'r2', text: `n${i}` } });
    const officer = await connect(principals.officer('tm-1'));
    const far = await officer.sync(1);
    if (!far.ok || far.mode !== 'snapshot') throw new Error('expected a snapshot');
    expect(Object.keys(far.state.requests)).toEqual(['r2']);
    expect(Object.keys(far.state.officers)).toEqual(['tm-1']);
    expect(Object.values(far.state.assignments).every((a) => a.officerId === 'tm-1')).toBe(true);
  });
});
