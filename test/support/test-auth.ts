// A small but real Authenticator for tests: tokens carry the principal, are signed with HMAC-SHA256
// and expire on the injected clock. It lets server tests mint a token for any role without a roster
// (and without paying for scrypt); the real roster-backed one is tested by the accounts tests.
import crypto from 'node:crypto';
import type { Principal } from '../../shared/domain';
import type { Authenticator } from '../../server/auth/auth';
import type { Clock } from '../../server/clock';

export interface TestAuth {
  auth: Authenticator;
  /** A valid token for `principal`, expiring `ttlMs` after the clock's now. */
  tokenFor(principal: Principal, ttlMs?: number): string;
}

export function createTestAuth(clock: Pick<Clock, 'now'>, secret = crypto.randomBytes(32).toString('hex')): TestAuth {
  const sign = (body: string) => crypto.createHmac('sha256', secret).update(body).digest('base64url');
  const tokenFor = (principal: Principal, ttlMs = 3600_000): string => {
    const body = Buffer.from(JSON.stringify({ principal, exp: clock.now() + ttlMs })).toString('base64url');
    return `${body}.${sign(body)}`;
  };
  const auth: Authenticator = {
    async login() {
      return { ok: false, message: 'the test authenticator has no roster' };
    },
    verify(token) {
      const [body, signature] = token.split('.');
      if (!body || !signature) return { ok: false, message: 'token malformed' };
      const expected = Buffer.from(sign(body));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) {
        return { ok: false, message: 'token signature invalid' };
      }
      const { principal, exp } = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as {
        principal: Principal;
        exp: number;
      };
      if (exp <= clock.now()) return { ok: false, message: 'token expired' };
      return { ok: true, principal };
    },
    expiresAt(token) {
      const body = token.split('.')[0] ?? '';
      return (JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { exp: number }).exp;
    },
  };
  return { auth, tokenFor };
}

/** Principals for the seed cluster (server/data/cluster.json). */
export const principals = {
  dispatcher: (id = 'disp-1'): Principal => ({ accountId: id, role: 'dispatcher', displayName: `Trực ban ${id}` }),
  post: (commune = 'phu-long'): Principal => ({
    accountId: `post-${commune}`,
    role: 'post',
    displayName: `Công an xã ${commune}`,
    commune,
  }),
  officer: (officerId = 'pl-1'): Principal => ({
    accountId: `officer-${officerId}`,
    role: 'officer',
    displayName: officerId.toUpperCase(),
    officerId,
  }),
};
