// The log stays the system of record: a real server ages requests into the history files while its
// periodic snapshots archive old journal segments (moved, never deleted); the history rebuilt from the
// whole log (archive included) equals the files the server wrote, and `npm run journal --
// rebuild-history` says so and puts the rebuilt copy in place, keeping the old one.
import { freePort } from '../support/free-port';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../shared/domain';
import { rebuildHistory } from '../../server/history/history-rebuild';
import { HistoryStore } from '../../server/history/history-store';
import { principals } from '../support/test-auth';
import { ackRef } from '../support/test-client';
import { serverPerTest } from '../support/server-per-test';

const HOUR = 3600_000;
const ROOT = path.resolve(import.meta.dirname, '..', '..');

async function journalCli(
  dataDir: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const port = String(await freePort());
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'server/journal-cli.ts'), ...args],
      {
        cwd: ROOT,
        env: { ...process.env, STORE: 'journal', HOST: '127.0.0.1', PORT: port, DATA_DIR: dataDir, ...env },
      },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

async function everyRecord(store: HistoryStore) {
  const summaries = await store.summaries();
  const records = [];
  for (const s of summaries) records.push(await store.record(s.id));
  return { summaries, records };
}

describe('history rebuilt from the whole log', () => {
  const server = serverPerTest();

  it('equals the history files after compaction archived the segments that hold those requests', async () => {
    const t = await server.start({ config: { liveWindowMs: 2 * HOUR, snapshotEvery: 10 } });
    const connect = (p: Principal) => server.connect(p, { token: t.tokenFor(p, 48 * HOUR) });
    const post = await connect(principals.post('phu-long'));
    const d = await connect(principals.dispatcher());
    for (let i = 0; i < 6; i++) {
      const ack = await post.command({
        type: 'request:raise',
        data: { kind: 'theft', priority: 'high', note: `Mất trộm lần ${i}`, respondersWanted: 1 },
      });
      const requestId = ackRef(ack);
      await d.command({ type: 'request:note', data: { requestId, text: `ghi chú ${i}` } });
      await d.command({ type: 'request:resolve', data: { requestId, outcome: 'handled', note: 'xong' } });
      await t.advance(HOUR);
    }
    await t.advance(3 * HOUR);
    expect(Object.keys(t.server.engine.state.requests)).toEqual([]);
    post.close();
    d.close();
    await t.server.close();

    const journalDir = path.join(t.dataDir, 'journal');
    const archived = await fs.readdir(path.join(journalDir, 'archive'));
    // The first segment (the first requests' raise) left the journal's folder but not the disk.
    expect(archived).toContain('journal-000000000001.jsonl');

    const onDisk = new HistoryStore(path.join(t.dataDir, 'history'));
    const written = await everyRecord(onDisk);
    onDisk.close();
    expect(written.summaries).toHaveLength(6);

    const rebuiltDir = path.join(t.dataDir, 'rebuilt');
    const rebuilt = new HistoryStore(rebuiltDir);
    const result = await rebuildHistory(journalDir, t.cluster, rebuilt);
    expect(result.seq).toBe(t.server.engine.state.seq);
    expect(await everyRecord(rebuilt)).toEqual(written);
    rebuilt.close();

    const cli = await journalCli(t.dataDir, ['rebuild-history']);
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('the current history matches the log (6 request(s))');
    const names = await fs.readdir(t.dataDir);
    expect(names.some((n) => n.startsWith('history.before-rebuild-'))).toBe(true);
    const swapped = new HistoryStore(path.join(t.dataDir, 'history'));
    expect(await everyRecord(swapped)).toEqual(written);
    swapped.close();

    // A log that lacks requests the history holds (here: only its first segment, whole from seq 1, in
    // which nothing was archived yet) does not replace that history unless --force.
    const short = path.join(t.dataDir, 'short');
    await fs.mkdir(path.join(short, 'journal'), { recursive: true });
    await fs.cp(path.join(t.dataDir, 'history'), path.join(short, 'history'), { recursive: true });
    await fs.copyFile(
      path.join(journalDir, 'archive', 'journal-000000000001.jsonl'),
      path.join(short, 'journal', 'journal-000000000001.jsonl'),
    );
    const kept = await journalCli(short, ['rebuild-history']);
    expect(kept.code).toBe(1);
    expect(kept.stderr).toMatch(/the current history holds [1-6] request\(s\) the rebuilt one lacks/);
    const stillThere = new HistoryStore(path.join(short, 'history'));
    expect(await everyRecord(stillThere)).toEqual(written);
    stillThere.close();
    const forced = await journalCli(short, ['rebuild-history', '--force']);
    expect(forced.code).toBe(0);
    expect((await fs.readdir(short)).some((n) => n.startsWith('history.before-rebuild-'))).toBe(true);
  });

  it('refuses, changing nothing, without a journal, under STORE=redis, or while a server answers on PORT', async () => {
    const t = await server.start();
    await t.server.close();
    // A DATA_DIR whose history is real but whose journal is gone (or that is the wrong DATA_DIR).
    const dataDir = path.join(t.dataDir, 'no-journal');
    await fs.mkdir(path.join(dataDir, 'history'), { recursive: true });
    await fs.writeFile(path.join(dataDir, 'history', 'requests.jsonl'), '');
    const before = await fs.readdir(dataDir);
    const noJournal = await journalCli(dataDir, ['rebuild-history']);
    expect(noJournal.code).toBe(1);
    expect(noJournal.stderr).toContain('no journal in');
    const redis = await journalCli(dataDir, ['rebuild-history'], { STORE: 'redis' });
    expect(redis.code).toBe(1);
    expect(redis.stderr).toContain('STORE=redis');
    expect(await fs.readdir(dataDir)).toEqual(before);

    const running = await server.start();
    const { port } = new URL(running.url);
    const busy = await journalCli(running.dataDir, ['rebuild-history'], { PORT: port });
    expect(busy.code).toBe(1);
    expect(busy.stderr).toContain(`a server is running (it answers http://127.0.0.1:${port}/healthz)`);
    expect((await fs.readdir(running.dataDir)).some((n) => n.startsWith('history.'))).toBe(false);
  });
});
