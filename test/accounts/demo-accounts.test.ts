// Demo accounts at province scale are created with one roster write for all of them, and every one logs
// in with the demo password. A real roster file in a temp dir, the real authenticator (scrypt logins).
import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Cluster } from '../../shared/cluster';
import { createAuthenticator } from '../../server/auth/authenticator';
import { Roster } from '../../server/auth/roster';
import { DEMO_PASSWORD, ensureDemoAccounts } from '../../server/demo-accounts';
import { makeTempDir, removeDirs } from './helpers';
import { seedCluster } from '../support/cluster-fixture';

const dirs: string[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await removeDirs(dirs);
});

/** The seed cluster with `extra` more officers, so the demo has many accounts to create. */
function biggerCluster(extra: number): Cluster {
  const seed = seedCluster;
  const commune = seed.communes[0]?.id ?? '';
  const more = Array.from({ length: extra }, (_, i) => ({ id: `them-${i + 1}`, callsign: `T${i + 1}`, commune }));
  return { ...seed, officers: [...seed.officers, ...more] };
}

describe('demo accounts', () => {
  it('are written to the roster once for all of them, and every one logs in', async () => {
    const dir = await makeTempDir('demo-accounts');
    dirs.push(dir);
    const cluster = biggerCluster(60);
    const roster = Roster.open(dir, cluster);
    const realRename = fs.renameSync;
    let rewrites = 0;
    vi.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
      if (String(to) === roster.file) rewrites += 1;
      realRename(from, to);
    });
    const accounts = await ensureDemoAccounts(roster, cluster);
    vi.restoreAllMocks();
    const expected = 1 + cluster.communes.length + cluster.officers.length;
    expect(accounts).toHaveLength(expected);
    expect(accounts.every((a) => a.created)).toBe(true);
    expect(rewrites).toBe(1);

    const auth = createAuthenticator({
      roster: Roster.open(dir, cluster),
      secret: crypto.randomBytes(32).toString('hex'),
      ttlMs: 60_000,
      clock: { now: () => Date.now() },
    });
    const logins = await Promise.all(accounts.map((a) => auth.login(a.username, DEMO_PASSWORD)));
    expect(logins.filter((l) => !l.ok)).toEqual([]);

    // A second start finds them all and writes nothing.
    const again = await ensureDemoAccounts(Roster.open(dir, cluster), cluster);
    expect(again.filter((a) => a.created)).toEqual([]);
  });
});
