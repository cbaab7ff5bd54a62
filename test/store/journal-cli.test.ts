// `npm run journal -- verify|repair` run for real on a journal the server wrote and a disk fault then
// damaged in the middle: start-up refuses naming file and line, verify names it too, repair sets the
// damaged tail aside (never deletes) and says how much, and the server starts again from what is left.
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { principals } from '../support/test-auth';
import { connectAs } from '../support/test-client';
import { startTestServer, type TestServer } from '../support/test-server';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

function journalCli(dataDir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'server/journal-cli.ts'), ...args],
      { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir } },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** A server that appended five requests and was closed (which writes a snapshot at seq 5). */
async function fiveRequests(): Promise<string> {
  const t = await startTestServer();
  const dispatcher = await connectAs(t, principals.dispatcher());
  for (let i = 0; i < 5; i++) {
    const ack = await dispatcher.command({
      type: 'request:raise',
      data: { kind: 'fire', priority: 'high', commune: 'ky-phu' },
    });
    expect(ack).toMatchObject({ ok: true, seq: i + 1 });
  }
  dispatcher.close();
  await t.server.close();
  return t.dataDir;
}

/** Damages line 3 of the first segment as a disk fault would (still JSON-shaped, no longer an event). */
async function damageLine3(journalDir: string, line = 3): Promise<string> {
  const [segment] = (await fs.readdir(journalDir)).filter((n) => n.endsWith('.jsonl')).sort();
  const file = path.join(journalDir, segment!);
  const lines = (await fs.readFile(file, 'utf8')).split('\n');
  lines[line - 1] = lines[line - 1]!.replace('"request:raised"', '"request:r\u0000ised"');
  await fs.writeFile(file, lines.join('\n'));
  return file;
}

describe('journal verify and repair', () => {
  let t: TestServer | null = null;
  afterEach(async () => {
    await t?.stop();
    t = null;
  });

  it('a damaged middle line stops start-up naming it; repair quarantines the tail and the server starts', async () => {
    const dataDir = await fiveRequests();
    // Start-up must read the journal (as after a crash, before any snapshot).
    const journalDir = path.join(dataDir, 'journal');
    await fs.rm(path.join(journalDir, 'snapshot.json'));
    const file = await damageLine3(journalDir);

    await expect(startTestServer({ dataDir })).rejects.toThrow(`${file}:3: corrupt journal line`);
    const verify = await journalCli(dataDir, ['verify']);
    expect(verify.code).toBe(1);
    expect(verify.stderr).toContain(`damaged: ${file}:3`);

    const repair = await journalCli(dataDir, ['repair']);
    expect(repair.code).toBe(0);
    expect(repair.stdout).toMatch(/set aside 3 line\(s\), 2 of them readable events, into .*quarantine-/);
    const quarantine = (await fs.readdir(journalDir)).find((n) => n.startsWith('quarantine-'));
    const aside = await fs.readdir(path.join(journalDir, quarantine!));
    expect((await fs.readFile(path.join(journalDir, quarantine!, aside[0]!), 'utf8')).split('\n')).toHaveLength(4);
    expect((await journalCli(dataDir, ['verify'])).code).toBe(0);

    t = await startTestServer({ dataDir });
    expect(t.seq()).toBe(2);
    const again = await connectAs(t, principals.dispatcher());
    expect(
      await again.command({ type: 'request:raise', data: { kind: 'fire', priority: 'high', commune: 'ky-phu' } }),
    ).toMatchObject({
      ok: true,
      seq: 3,
    });
    again.close();
  }, 120_000); // two servers, a CLI run each way: slow on a loaded machine

  it('with a snapshot newer than the damage, repair sets the whole journal aside and start-up uses the snapshot', async () => {
    const dataDir = await fiveRequests();
    const journalDir = path.join(dataDir, 'journal');
    const file = await damageLine3(journalDir);
    await expect(startTestServer({ dataDir })).rejects.toThrow(`${file}:3: corrupt journal line`);
    const repair = await journalCli(dataDir, ['repair']);
    expect(repair.stdout).toMatch(/set aside 5 line\(s\), 4 of them readable events/);
    t = await startTestServer({ dataDir });
    expect(t.seq()).toBe(5);
    const again = await connectAs(t, principals.dispatcher());
    expect(
      await again.command({ type: 'request:note', data: { requestId: 'r5', text: 'sau sửa chữa' } }),
    ).toMatchObject({
      ok: true,
      seq: 6,
    });
    again.close();
    await t.restart().then((restarted) => {
      t = restarted;
      expect(restarted.seq()).toBe(6);
    });
  }, 120_000);

  it('damage from line 1 of a segment: repair sets the whole segment aside, reports it, and the server starts', async () => {
    const dataDir = await fiveRequests();
    const journalDir = path.join(dataDir, 'journal');
    const file = await damageLine3(journalDir, 1);
    await expect(startTestServer({ dataDir })).rejects.toThrow(`${file}:1: corrupt journal line`);
    const repair = await journalCli(dataDir, ['repair']);
    expect(repair.code).toBe(0);
    expect(repair.stdout).toMatch(/set aside 5 line\(s\)/);
    t = await startTestServer({ dataDir });
    expect(t.seq()).toBe(5);
  }, 120_000);
});
