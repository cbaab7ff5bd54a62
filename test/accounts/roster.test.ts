import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/passwords';
import { ROSTER_FILE_NAME, Roster, RosterError } from '../../server/auth/roster';
import { seedCluster as cluster } from '../support/cluster-fixture';
import { makeTempDir, removeDirs } from './helpers';

const dirs: string[] = [];
afterEach(() => removeDirs(dirs));
const [communeA, communeB] = cluster.communes;
const officer = cluster.officers[0]!;
// Cheap parameters: these tests are about the roster, not about hashing cost.
const hash = () => hashPassword('password-1', { N: 2 ** 10, r: 8, p: 1 });

async function openRoster(): Promise<{ roster: Roster; dir: string }> {
  const dir = await makeTempDir('roster');
  dirs.push(dir);
  return { roster: Roster.open(dir, cluster), dir };
}

function expectRosterError(fn: () => unknown, kind: string, message: RegExp): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(RosterError);
    expect((err as RosterError).kind).toBe(kind);
    expect((err as RosterError).message).toMatch(message);
    return;
  }
  throw new Error('expected a RosterError');
}

describe('roster', () => {
  it('starts empty without creating a file, and stores accounts owner-readable only', async () => {
    const { roster, dir } = await openRoster();
    expect(roster.size).toBe(0);
    expect(await fs.readdir(dir)).toEqual([]);
    roster.add({ username: 'Dieu-Phoi', role: 'dispatcher', passwordHash: await hash() });
    const file = path.join(dir, ROSTER_FILE_NAME);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    expect(
      Roster.open(dir, cluster)
        .list()
        .map((a) => a.username),
    ).toEqual(['dieu-phoi']);
    // Only the final file: the temp file was renamed over it.
    expect(await fs.readdir(dir)).toEqual([ROSTER_FILE_NAME]);
  });

  it('a post account needs a commune that is in the cluster, one account per commune', async () => {
    const { roster } = await openRoster();
    const passwordHash = await hash();
    expectRosterError(() => roster.add({ username: 'p0', role: 'post', passwordHash }), 'invalid', /needs a commune/);
    expectRosterError(
      () => roster.add({ username: 'p1', role: 'post', passwordHash, commune: 'atlantis' }),
      'invalid',
      /commune "atlantis" is not in the cluster/,
    );
    roster.add({ username: 'p2', role: 'post', passwordHash, commune: communeA!.id });
    expectRosterError(
      () => roster.add({ username: 'p3', role: 'post', passwordHash, commune: communeA!.id }),
      'conflict',
      /another account \("p2"\) already serves commune/,
    );
    roster.add({ username: 'p4', role: 'post', passwordHash, commune: communeB!.id });
    expect(roster.list().map((a) => [a.username, a.commune, a.displayName])).toEqual([
      ['p2', communeA!.id, communeA!.post.name],
      ['p4', communeB!.id, communeB!.post.name],
    ]);
  });

  it('an officer account needs an officer id from the cluster, one account per officer', async () => {
    const { roster } = await openRoster();
    const passwordHash = await hash();
    expectRosterError(
      () => roster.add({ username: 'o1', role: 'officer', passwordHash, officerId: 'zz-9' }),
      'invalid',
      /officer "zz-9" is not in the cluster/,
    );
    roster.add({ username: 'o2', role: 'officer', passwordHash, officerId: officer.id });
    expectRosterError(
      () => roster.add({ username: 'o3', role: 'officer', passwordHash, officerId: officer.id }),
      'conflict',
      /already serves officer/,
    );
    expect(roster.get('o2')?.displayName).toBe(officer.callsign);
  });

  it('refuses a second account with the same username and a username with spaces', async () => {
    const { roster } = await openRoster();
    const passwordHash = await hash();
    roster.add({ username: 'a1', role: 'dispatcher', passwordHash });
    expectRosterError(
      () => roster.add({ username: 'A1', role: 'dispatcher', passwordHash }),
      'conflict',
      /already exists/,
    );
    expectRosterError(() => roster.add({ username: 'a b', role: 'dispatcher', passwordHash }), 'invalid', /username/);
    expectRosterError(() => roster.setDisabled('nobody', true), 'not_found', /no account named "nobody"/);
  });

  it('sees changes another process made to the file', async () => {
    const { roster, dir } = await openRoster();
    roster.add({ username: 'a1', role: 'dispatcher', passwordHash: await hash() });
    const other = Roster.open(dir, cluster);
    other.setDisabled('a1', true);
    expect(roster.get('a1')?.disabled).toBe(true);
  });

  it('refuses to open a corrupt roster file, naming the file and the field', async () => {
    const { dir } = await openRoster();
    const file = path.join(dir, ROSTER_FILE_NAME);
    await fs.writeFile(file, JSON.stringify({ version: 1, accounts: [{ username: 'x1', role: 'boss' }] }));
    expect(() => Roster.open(dir, cluster)).toThrow(new RegExp(`roster file ${file}: accounts\\.0\\.role`));
  });

  it('reports accounts whose scope left the cluster after the cluster file changed', async () => {
    const { roster, dir } = await openRoster();
    roster.add({ username: 'p1', role: 'post', passwordHash: await hash(), commune: communeA!.id });
    const smaller = { ...cluster, communes: cluster.communes.filter((c) => c.id !== communeA!.id) };
    expect(Roster.open(dir, smaller).problems()).toEqual([
      `p1: commune "${communeA!.id}" is not in the cluster (known: ${smaller.communes.map((c) => c.id).join(', ')})`,
    ]);
  });
});
