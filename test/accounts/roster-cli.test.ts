// The roster CLI run for real (`npm run roster -- …` = tsx server/roster-cli.ts) on a temp DATA_DIR.
import crypto from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../server/auth/authenticator';
import { Roster } from '../../server/auth/roster';
import { systemClock } from '../../server/clock';
import { seedCluster as cluster } from '../support/cluster-fixture';
import { makeTempDir, removeDirs, runRosterCli } from './helpers';

const dirs: string[] = [];
afterEach(() => removeDirs(dirs));
const commune = cluster.communes[1]!;
const officer = cluster.officers[3]!;

async function dataDir(): Promise<string> {
  const dir = await makeTempDir('cli');
  dirs.push(dir);
  return dir;
}

function authOn(dir: string) {
  const secret = crypto.randomBytes(32).toString('base64url');
  return createAuthenticator({ roster: Roster.open(dir, cluster), secret, ttlMs: 60_000, clock: systemClock });
}

describe('roster CLI', () => {
  it('adds accounts of each role, lists them without hashes, and they can log in', async () => {
    const dir = await dataDir();
    const dispatcher = await runRosterCli(dir, [
      'add',
      '--username',
      'truc-ban',
      '--role',
      'dispatcher',
      '--display',
      'Trực ban cụm',
      '--password',
      'mat-khau-1',
    ]);
    expect(dispatcher).toMatchObject({ code: 0, stderr: '' });
    expect(dispatcher.stdout).toContain('added truc-ban (dispatcher) "Trực ban cụm"');

    const post = await runRosterCli(
      dir,
      ['add', '--username', 'kp-post', '--role', 'post', '--commune', commune.id, '--password-stdin'],
      'mat-khau-2\n',
    );
    expect(post.code).toBe(0);
    expect(post.stdout).toContain(`added kp-post (post, commune ${commune.id}) "${commune.post.name}"`);

    // Not a terminal and no password option: one is generated and printed once.
    const off = await runRosterCli(dir, ['add', '--username', 'can-bo', '--role', 'officer', '--officer', officer.id]);
    expect(off.code).toBe(0);
    const generated = /generated password for can-bo .*: (\S+)/.exec(off.stdout)?.[1];
    expect(generated).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);

    const listed = await runRosterCli(dir, ['list']);
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^username\s+role\s+scope\s+status\s+created\s+display name$/);
    expect(lines.slice(2).map((l) => l.split(/\s+/).slice(0, 4))).toEqual([
      ['truc-ban', 'dispatcher', 'enabled', expect.stringMatching(/^\d{4}-/)],
      ['kp-post', 'post', commune.id, 'enabled'],
      ['can-bo', 'officer', officer.id, 'enabled'],
    ]);
    const json = await runRosterCli(dir, ['list', '--json']);
    expect(json.stdout).not.toContain('scrypt');
    expect((JSON.parse(json.stdout) as { username: string }[]).map((a) => a.username)).toEqual([
      'truc-ban',
      'kp-post',
      'can-bo',
    ]);

    const auth = authOn(dir);
    expect((await auth.login('truc-ban', 'mat-khau-1')).ok).toBe(true);
    expect((await auth.login('kp-post', 'mat-khau-2')).ok).toBe(true);
    expect(await auth.login('can-bo', generated ?? '')).toMatchObject({
      ok: true,
      principal: { officerId: officer.id },
    });
  });

  it('resets a password (old one stops working), disables and enables an account', async () => {
    const dir = await dataDir();
    expect(
      (await runRosterCli(dir, ['add', '--username', 'a1', '--role', 'dispatcher', '--password', 'first-pass'])).code,
    ).toBe(0);
    const auth = authOn(dir);
    const before = await auth.login('a1', 'first-pass');
    if (!before.ok) throw new Error(before.message);

    const reset = await runRosterCli(dir, ['reset', '--username', 'a1', '--password', 'second-pass']);
    expect(reset).toMatchObject({ code: 0 });
    expect(reset.stdout).toContain('password reset for a1');
    expect((await auth.login('a1', 'first-pass')).ok).toBe(false);
    expect((await auth.login('a1', 'second-pass')).ok).toBe(true);
    expect(auth.verify(before.token)).toEqual({ ok: false, message: 'token revoked by a password reset' });

    expect((await runRosterCli(dir, ['disable', '--username', 'a1'])).stdout).toContain('a1 disabled');
    expect(await auth.login('a1', 'second-pass')).toEqual({ ok: false, message: 'account disabled' });
    expect((await runRosterCli(dir, ['list'])).stdout).toMatch(/a1\s+dispatcher\s+disabled/);
    expect((await runRosterCli(dir, ['enable', '--username', 'a1'])).stdout).toContain('a1 enabled');
    expect((await auth.login('a1', 'second-pass')).ok).toBe(true);
  });

  it.each([
    [['frobnicate'], /unknown command "frobnicate"/],
    [['add', '--username', 'x1'], /missing --role/],
    [['add', '--username', 'x1', '--role', 'boss'], /--role must be dispatcher, post or officer/],
    [['add', '--username', 'x1', '--role', 'post'], /role post needs --commune/],
    [
      ['add', '--username', 'x1', '--role', 'post', '--commune', 'atlantis', '--password', 'long-enough'],
      /commune "atlantis" is not in the cluster/,
    ],
    [
      ['add', '--username', 'x1', '--role', 'officer', '--officer', 'zz-9', '--password', 'long-enough'],
      /officer "zz-9" is not in the cluster/,
    ],
    [['add', '--username', 'x1', '--role', 'dispatcher', '--commune', 'ky-phu'], /--commune is only for role post/],
    [['add', '--username', 'x1', '--role', 'dispatcher', '--password', 'short'], /at least 8 characters/],
    [['add', '--username', 'x1', '--role', 'dispatcher', '--password', 'long-enough', '--generate'], /only one of/],
    [['reset', '--username', 'nobody', '--password', 'long-enough'], /no account named "nobody"/],
    [['disable'], /missing --username/],
    [['list', '--bogus'], /Unknown option '--bogus'/],
  ])('refuses misuse %j with exit code 2 and a clear message', async (args, message) => {
    const dir = await dataDir();
    const result = await runRosterCli(dir, args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    // Nothing was written.
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it('refuses a duplicate account for the same post with exit code 2', async () => {
    const dir = await dataDir();
    const add = (username: string) =>
      runRosterCli(dir, [
        'add',
        '--username',
        username,
        '--role',
        'post',
        '--commune',
        commune.id,
        '--password',
        'long-enough',
      ]);
    expect((await add('p1')).code).toBe(0);
    const second = await add('p2');
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('another account ("p1") already serves commune');
  });

  it('uses CLUSTER_FILE like the server and exits 1 naming a broken cluster file', async () => {
    const dir = await dataDir();
    const broken = path.join(dir, 'broken.json');
    await fs.writeFile(broken, '{ "id": ');
    const result = await runRosterCli(dir, ['list'], undefined, { CLUSTER_FILE: broken });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cluster file ${broken}: not valid JSON`);
  });
});
