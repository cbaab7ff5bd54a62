import crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Authenticator } from '../../server/auth/auth';
import { createAuthenticator } from '../../server/auth/authenticator';
import { hashPassword } from '../../server/auth/passwords';
import { Roster } from '../../server/auth/roster';
import { signToken } from '../../server/auth/tokens';
import { FakeClock } from '../../server/clock';
import { seedCluster as cluster } from '../support/cluster-fixture';
import { makeTempDir, removeDirs } from './helpers';

const HOUR = 3600_000;
const dirs: string[] = [];
let clock: FakeClock;
let roster: Roster;
let auth: Authenticator;
const secret = crypto.randomBytes(32).toString('base64url');
const commune = cluster.communes[1]!;
const officer = cluster.officers[0]!;

beforeEach(async () => {
  const dir = await makeTempDir('auth');
  dirs.push(dir);
  clock = new FakeClock();
  roster = Roster.open(dir, cluster, () => clock.now());
  const hash = await hashPassword('correct horse');
  roster.add({ username: 'dieu-phoi', role: 'dispatcher', passwordHash: hash, displayName: 'Trực ban' });
  roster.add({ username: 'post-a', role: 'post', passwordHash: hash, commune: commune.id });
  roster.add({ username: 'officer-a', role: 'officer', passwordHash: hash, officerId: officer.id });
  auth = createAuthenticator({ roster, secret, ttlMs: 12 * HOUR, clock });
});
afterEach(() => removeDirs(dirs));

async function tokenFor(username: string): Promise<string> {
  const result = await auth.login(username, 'correct horse');
  if (!result.ok) throw new Error(result.message);
  return result.token;
}

describe('authenticator', () => {
  it('logs in with the right password and the token verifies to the principal with its scope', async () => {
    const login = await auth.login('  Post-A ', 'correct horse');
    expect(login).toMatchObject({ ok: true, expiresAt: clock.now() + 12 * HOUR });
    if (!login.ok) return;
    const expected = { accountId: 'post-a', role: 'post', displayName: commune.post.name, commune: commune.id };
    expect(login.principal).toEqual(expected);
    expect(auth.verify(login.token)).toEqual({ ok: true, principal: expected });
    const officerToken = await tokenFor('officer-a');
    expect(auth.verify(officerToken)).toMatchObject({
      ok: true,
      principal: { role: 'officer', officerId: officer.id },
    });
  });

  it('refuses a wrong password and an unknown user with the same message', async () => {
    expect(await auth.login('dieu-phoi', 'wrong')).toEqual({ ok: false, message: 'wrong username or password' });
    expect(await auth.login('nobody', 'correct horse')).toEqual({ ok: false, message: 'wrong username or password' });
  });

  it('refuses an expired token', async () => {
    const token = await tokenFor('dieu-phoi');
    clock.advance(12 * HOUR - 1);
    expect(auth.verify(token).ok).toBe(true);
    clock.advance(1);
    expect(auth.verify(token)).toEqual({ ok: false, message: 'token expired' });
  });

  it('refuses a token signed with another secret, or with a payload changed after signing', async () => {
    const token = await tokenFor('post-a');
    const other = createAuthenticator({
      roster,
      secret: crypto.randomBytes(32).toString('base64url'),
      ttlMs: HOUR,
      clock,
    });
    expect(other.verify(token)).toEqual({ ok: false, message: 'token signature invalid' });

    const [version, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const promoted = Buffer.from(JSON.stringify({ ...claims, role: 'dispatcher' })).toString('base64url');
    expect(auth.verify(`${version}.${promoted}.${signature}`)).toEqual({
      ok: false,
      message: 'token signature invalid',
    });
    expect(auth.verify('not-a-token')).toEqual({ ok: false, message: 'token malformed' });
  });

  it('refuses the token of an account disabled after login, and accepts it again once enabled', async () => {
    const token = await tokenFor('officer-a');
    roster.setDisabled('officer-a', true);
    expect(auth.verify(token)).toEqual({ ok: false, message: 'account disabled' });
    expect(await auth.login('officer-a', 'correct horse')).toEqual({ ok: false, message: 'account disabled' });
    roster.setDisabled('officer-a', false);
    expect(auth.verify(token).ok).toBe(true);
  });

  it('a password reset logs out tokens issued before it', async () => {
    const token = await tokenFor('dieu-phoi');
    roster.setPasswordHash('dieu-phoi', await hashPassword('new password 1'));
    expect(auth.verify(token)).toEqual({ ok: false, message: 'token revoked by a password reset' });
    expect((await auth.login('dieu-phoi', 'new password 1')).ok).toBe(true);
  });

  it('refuses a correctly signed token for an account that does not exist', () => {
    const now = clock.now();
    const token = signToken(
      { sub: 'ghost', role: 'dispatcher', scope: {}, iat: now, exp: now + HOUR, pv: 'x' },
      secret,
    );
    expect(auth.verify(token)).toEqual({ ok: false, message: 'account no longer exists' });
  });
});
