// Demo mode (DEMO=1) accounts: everyone knows their password, they are printed at start. Never for a real
// deployment: anyone who reads the README can log in. Names match what the simulator logs in with.
import type { Cluster } from '../shared/cluster';
import type { Role } from '../shared/domain';
import { hashPassword, type ScryptParams } from './auth/passwords';
import type { NewAccount, Roster } from './auth/roster';
import { log } from './log';

export const DEMO_PASSWORD = 'demo';
export const DEMO_DISPATCHER = 'dieu-phoi';
export const demoPostUsername = (communeId: string): string => `post-${communeId}`;
/** Officer accounts are named by the officer id from the cluster file (e.g. `kp-1`). */
export const demoOfficerUsername = (officerId: string): string => officerId;

/**
 * The demo passwords are public (printed at start, in the README), so a costly hash protects nothing here,
 * while 1,335 hashes at the server's cost (and as many simulator logins) are most of the demo's start-up.
 * A real account is always hashed at DEFAULT_SCRYPT; the cost is stored in each hash, so both verify.
 */
export const DEMO_SCRYPT: ScryptParams = { N: 2 ** 12, r: 8, p: 1 };

export interface DemoAccount {
  username: string;
  role: Role;
  scope: string;
  displayName: string;
  /** False when the account already existed (its password was left as it was). */
  created: boolean;
}

/** Creates the demo accounts that are missing (one dispatcher, one per post, one per officer); returns them all. */
export async function ensureDemoAccounts(roster: Roster, cluster: Cluster): Promise<DemoAccount[]> {
  const wanted: Omit<NewAccount, 'passwordHash'>[] = [
    { username: DEMO_DISPATCHER, role: 'dispatcher', displayName: 'Trực ban cụm (demo)', admin: true },
    ...cluster.communes.map((c) => ({ username: demoPostUsername(c.id), role: 'post' as const, commune: c.id })),
    ...cluster.officers.map((o) => ({
      username: demoOfficerUsername(o.id),
      role: 'officer' as const,
      officerId: o.id,
    })),
  ];
  const missing = wanted.filter((w) => !roster.get(w.username));
  // Each gets its own salt even though the password is public: demo data should look like real data. The
  // hashes run on libuv's pool in parallel (async scrypt), and the roster is written once for all of them
  // (one rewrite and fsync, not one per account: 1,335 accounts took 188 s that way).
  const hashes = await Promise.all(missing.map(() => hashPassword(DEMO_PASSWORD, DEMO_SCRYPT)));
  const { refused } = roster.addMany(missing.map((account, i) => ({ ...account, passwordHash: hashes[i] ?? '' })));
  for (const { username, error } of refused) {
    // E.g. a real account already serves that post: keep it, say so, carry on.
    log.warn(`demo account ${username} not created: ${error.message}`);
  }
  const createdNames = new Set(missing.map((m) => m.username));
  return wanted.flatMap((w) => {
    const account = roster.get(w.username);
    if (!account) return [];
    const scope = account.commune ?? account.officerId ?? '';
    const created = createdNames.has(account.username);
    return [{ username: account.username, role: account.role, scope, displayName: account.displayName, created }];
  });
}

export function formatDemoAccounts(accounts: readonly DemoAccount[]): string {
  const header = ['tài khoản / username', 'vai trò / role', 'phạm vi / scope', 'tên / name'];
  const rows = accounts.map((a) => [a.username, a.role, a.scope, a.displayName]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const kept = accounts.filter((a) => !a.created).length;
  return [
    `Tài khoản demo / demo accounts — mật khẩu / password: "${DEMO_PASSWORD}"` +
      (kept ? ` (${kept} already existed: their password was left unchanged)` : ''),
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
  ].join('\n');
}
