// The Authenticator the socket layer and the login route use: passwords checked against the roster,
// tokens signed with the server's secret, and every verification re-checks the account (disabled, reset, gone).
// Open sockets do not verify again per packet: the roster pushes revocations (`onRevoked`), and the first
// subscriber starts the roster's file watch so another process's change is pushed too.
import type { Clock } from '../clock';
import type { Authenticator, VerifyResult } from './auth';
import { hashPassword, verifyPassword } from './passwords';
import { normalizeUsername, principalOf, type Account, type Roster } from './roster';
import { checkToken, passwordVersion, readTokenExpiry, signToken } from './tokens';

export const WRONG_CREDENTIALS = 'wrong username or password';
/** The login route answers this one with 403 (the password was right) instead of 401. */
export const ACCOUNT_DISABLED = 'account disabled';

export interface AuthenticatorDeps {
  roster: Roster;
  secret: string;
  ttlMs: number;
  clock: Pick<Clock, 'now'>;
  /** The roster watch's fallback stat interval (ms); ROSTER_POLL_MS by default. */
  rosterPollMs?: number;
}

export function createAuthenticator({ roster, secret, ttlMs, clock, rosterPollMs }: AuthenticatorDeps): Authenticator {
  // An unknown username still pays for one scrypt run, so response time does not tell which names exist.
  let decoy: Promise<string> | undefined;
  const decoyHash = () => (decoy ??= hashPassword(`decoy-${Math.random()}`));
  // Checked at login and again on every token: disabled, or its commune/officer gone from the cluster file.
  const whyUnusable = (account: Account): string | null => {
    if (account.disabled) return ACCOUNT_DISABLED;
    const scopeProblem = roster.scopeProblem(account);
    return scopeProblem ? `account not usable with this cluster: ${scopeProblem}` : null;
  };
  // The fingerprint is an HMAC of the hash: computed once per password, not once per verification.
  const versions = new Map<string, string>();
  const versionOf = (passwordHash: string): string => {
    let version = versions.get(passwordHash);
    if (version === undefined) {
      if (versions.size >= 100_000) versions.clear();
      version = passwordVersion(passwordHash, secret);
      versions.set(passwordHash, version);
    }
    return version;
  };
  let stopWatch: (() => void) | null = null;
  let subscribers = 0;

  return {
    async login(username, password) {
      const account = roster.get(normalizeUsername(username));
      if (!account) {
        await verifyPassword(password, await decoyHash());
        return { ok: false, message: WRONG_CREDENTIALS };
      }
      if (!(await verifyPassword(password, account.passwordHash))) return { ok: false, message: WRONG_CREDENTIALS };
      // Told only to someone who knows the password, so it leaks nothing.
      const unusable = whyUnusable(account);
      if (unusable) return { ok: false, message: unusable };
      const iat = clock.now();
      const expiresAt = iat + ttlMs;
      const principal = principalOf(account);
      const scope = {
        ...(account.commune !== undefined ? { commune: account.commune } : {}),
        ...(account.officerId !== undefined ? { officerId: account.officerId } : {}),
      };
      const pv = versionOf(account.passwordHash);
      const token = signToken({ sub: account.username, role: account.role, scope, iat, exp: expiresAt, pv }, secret);
      return { ok: true, token, expiresAt, principal };
    },

    verify(token): VerifyResult {
      const checked = checkToken(token, secret, clock.now());
      if (!checked.ok) return checked;
      const { payload } = checked;
      const account = roster.get(payload.sub);
      if (!account) return { ok: false, message: 'account no longer exists' };
      const unusable = whyUnusable(account);
      if (unusable) return { ok: false, message: unusable };
      if (payload.pv !== versionOf(account.passwordHash))
        return { ok: false, message: 'token revoked by a password reset' };
      const sameScope =
        account.role === payload.role &&
        account.commune === payload.scope.commune &&
        account.officerId === payload.scope.officerId;
      if (!sameScope) return { ok: false, message: 'token no longer matches the account' };
      return { ok: true, principal: principalOf(account) };
    },

    expiresAt(token) {
      return readTokenExpiry(token);
    },

    onRevoked(listener) {
      const unsubscribe = roster.onRevoked(listener);
      subscribers += 1;
      stopWatch ??= roster.watch(rosterPollMs);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        unsubscribe();
        subscribers -= 1;
        if (subscribers === 0) {
          stopWatch?.();
          stopWatch = null;
        }
      };
    },
  };
}
