// What the journal does under storage faults, seen from a real client: no ack before the fsync, a full
// disk refused with storage_unavailable (nothing acknowledged, nothing broadcast, health 503), a tail
// truncated in the middle of a multi-event write dropped whole and retried once, and a closing engine
// answering shutting_down. (Torn single lines and the store-level write error are in test/server and
// test/store.)
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { principals } from '../support/test-auth';
import { eventually } from '../support/test-client';
import type { TestServer } from '../support/test-server';
import { serverPerTest } from '../support/server-per-test';

describe('journal faults over real sockets', () => {
  const server = serverPerTest();
  const { connect } = server;
  let t: TestServer;
  // Registered after serverPerTest, so it runs before the clients and the server are closed.
  afterEach(() => {
    vi.restoreAllMocks();
  });
  const journalDir = () => path.join(t.dataDir, 'journal');

  it('acknowledges a command only after its write is fsynced', async () => {
    t = await server.start();
    const post = await connect(principals.post('ky-phu'));
    const d = await connect(principals.dispatcher());
    expect(await post.command({ type: 'request:raise', data: { kind: 'fire', priority: 'high' } })).toMatchObject({
      ok: true,
    });
    // Hold the next datasync of the journal's file handle until we let it go.
    const handle = await fs.open(path.join(journalDir(), 'probe'), 'w');
    const proto = Object.getPrototypeOf(handle) as { datasync: () => Promise<void> };
    await handle.close();
    const real = proto.datasync;
    let release: () => void = () => undefined;
    let held = false;
    vi.spyOn(proto, 'datasync').mockImplementation(function (this: unknown) {
      held = true;
      return new Promise<void>((resolve) => {
        release = resolve;
      }).then(() => real.call(this));
    });
    let acked = false;
    const pending = post.command({ type: 'request:raise', data: { kind: 'theft', priority: 'normal' } }).then((ack) => {
      acked = true;
      return ack;
    });
    await eventually(() => held);
    // The bytes are written but not yet durable: no ack, no broadcast, the projection unchanged.
    await new Promise((r) => setTimeout(r, 200));
    expect(acked).toBe(false);
    expect(d.events.filter((e) => e.type === 'request:raised')).toHaveLength(1);
    expect(t.seq()).toBe(1);
    release();
    expect(await pending).toMatchObject({ ok: true, seq: 2 });
    await d.waitForEvent((e) => e.seq === 2);
  });

  it('a full disk: commands are refused with storage_unavailable, nothing is broadcast, health says 503', async () => {
    t = await server.start();
    const d = await connect(principals.dispatcher());
    const post = await connect(principals.post('thanh-van'));
    // The first segment is opened on the first append: make it a device that is always full (ENOSPC).
    await fs.mkdir(journalDir(), { recursive: true });
    await fs.symlink('/dev/full', path.join(journalDir(), 'journal-000000000001.jsonl'));
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const ack = await post.command({
      id: 'full-disk-1',
      type: 'request:raise',
      data: { kind: 'fire', priority: 'critical' },
    });
    expect(ack).toMatchObject({ ok: false, code: 'storage_unavailable', message: expect.stringContaining('same id') });
    expect(t.seq()).toBe(0);
    expect(t.server.engine.state.requests).toEqual({});
    const health = await fetch(`${t.url}/healthz`);
    expect(health.status).toBe(503);
    // Retrying while the disk is still full is refused the same way, never acknowledged.
    expect(
      await post.command({ id: 'full-disk-1', type: 'request:raise', data: { kind: 'fire', priority: 'critical' } }),
    ).toMatchObject({
      code: 'storage_unavailable',
    });
    expect(d.events).toEqual([]);
  });

  it('a tail cut inside a multi-event write is dropped whole; the client’s retry with the same id applies once', async () => {
    t = await server.start();
    const d = await connect(principals.dispatcher());
    await d.command({ type: 'officer:set_duty', data: { duty: 'available', officerId: 'kp-1' } });
    const r = await d.command({ type: 'request:raise', data: { kind: 'fight', priority: 'high', commune: 'ky-phu' } });
    const requestId = r.ok ? (r.ref ?? '') : '';
    await d.command({ type: 'assignment:assign', data: { requestId, officerId: 'kp-1' } });
    const before = t.server.engine.state;
    // Cancelling removes the assignment and cancels the request: two events in one write.
    const cancel = { id: 'cancel-cut-1', type: 'request:cancel' as const, data: { requestId, reason: 'nhầm' } };
    expect(await d.command(cancel)).toMatchObject({ ok: true, seq: before.seq + 2 });
    d.close();
    await t.server.close();
    // A crash in the middle of that write: the file ends inside its second line.
    const [segment = ''] = (await fs.readdir(journalDir()))
      .filter((n) => n.startsWith('journal-'))
      .sort()
      .slice(-1);
    const file = path.join(journalDir(), segment);
    const text = await fs.readFile(file, 'utf8');
    const lastLine = text.trimEnd().lastIndexOf('\n');
    await fs.writeFile(file, text.slice(0, lastLine + 20));
    // The close wrote a snapshot that includes the cut events; a crash would not have: remove it.
    await fs.rm(path.join(journalDir(), 'snapshot.json'), { force: true });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    t = await server.restart();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('torn'));
    expect(t.server.engine.state).toEqual(before);
    const d2 = await connect(principals.dispatcher());
    expect(await d2.command(cancel)).toMatchObject({ ok: true, seq: before.seq + 2 });
    expect(await d2.command(cancel)).toMatchObject({ ok: true, seq: before.seq + 2, duplicate: true });
    expect(t.server.engine.state.requests[requestId]?.status).toBe('cancelled');
  });

  it('a closing engine answers shutting_down; the retry on the next start is applied once', async () => {
    t = await server.start();
    const post = await connect(principals.post('cuc-phuong'));
    await t.server.engine.close();
    const command = {
      id: 'closing-1-xyz',
      type: 'request:raise' as const,
      data: { kind: 'medical' as const, priority: 'high' as const },
    };
    expect(await post.command(command)).toMatchObject({ ok: false, code: 'shutting_down' });
    expect(t.seq()).toBe(0);
    post.close();
    t = await server.restart();
    const again = await connect(principals.post('cuc-phuong'));
    expect(await again.command(command)).toMatchObject({ ok: true, seq: 1 });
    expect(await again.command(command)).toMatchObject({ ok: true, seq: 1, duplicate: true });
  });
});
