// The roster: who may log in, with which role and scope. One JSON file in DATA_DIR (mode 0600), written
// atomically, re-read when another process (the roster CLI, another node) changed it. Accounts are indexed by
// username, so a lookup is O(1). A change that revokes an account's tokens (disabled, password reset, scope
// changed, removed) is pushed to `onRevoked` listeners: at once for this process's own writes, and for another
// process's through `watch()` (fs.watch on the directory, a one-stat-per-second fallback where watching is
// unreliable), so open sessions end within a second without re-reading anything per packet.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { describeIssues, type Cluster, type Commune, type OfficerProfile } from '../../shared/cluster';
import { RoleSchema, type Principal, type Role } from '../../shared/domain';
import { writeFileAtomic } from './atomic-write';
import { isPasswordHash } from './passwords';
import { log } from '../log';

export const ROSTER_FILE_NAME = 'roster.json';

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;

export const AccountSchema = z.object({
  username: z.string().regex(USERNAME_PATTERN),
  role: RoleSchema,
  displayName: z.string().min(1).max(120),
  commune: z.string().optional(),
  officerId: z.string().optional(),
  disabled: z.boolean(),
  /** A dispatcher who may also manage accounts on the /accounts page. */
  admin: z.boolean().optional(),
  passwordHash: z.string().refine(isPasswordHash, 'not a password hash this server can read'),
  createdAt: z.number().int(),
  passwordChangedAt: z.number().int(),
});
export type Account = z.infer<typeof AccountSchema>;

const RosterFileSchema = z.object({ version: z.literal(1), accounts: z.array(AccountSchema) });

export type RosterErrorKind = 'invalid' | 'not_found' | 'conflict' | 'file';

export class RosterError extends Error {
  constructor(
    readonly kind: RosterErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'RosterError';
  }
}

export interface NewAccount {
  username: string;
  role: Role;
  passwordHash: string;
  displayName?: string;
  commune?: string;
  officerId?: string;
  /** Only for a dispatcher. */
  admin?: boolean;
}

/** An account whose tokens no longer hold; `origin` says whether this process wrote it or read it from the file. */
export interface Revocation {
  username: string;
  reason: string;
  origin: 'write' | 'file';
}
export type RevocationListener = (revocation: Revocation) => void;

/** What `addMany` did: the accounts it added (one file write for all) and those it refused, with why. */
export interface BulkAddResult {
  added: Account[];
  refused: { username: string; error: RosterError }[];
}

/** How often `watch()` stats the file in case fs.watch missed a change (network filesystems, some containers). */
export const ROSTER_POLL_MS = 1000;

export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

/** The identity a verified account carries on the socket. */
export function principalOf(account: Account): Principal {
  return {
    accountId: account.username,
    role: account.role,
    displayName: account.displayName,
    ...(account.commune !== undefined ? { commune: account.commune } : {}),
    ...(account.officerId !== undefined ? { officerId: account.officerId } : {}),
  };
}

export class Roster {
  readonly file: string;
  private accounts: Account[] = [];
  private byName = new Map<string, Account>();
  private stamp = '';
  private readonly communes: ReadonlyMap<string, Commune>;
  private readonly officers: ReadonlyMap<string, OfficerProfile>;
  private readonly listeners = new Set<RevocationListener>();

  private constructor(
    dataDir: string,
    private readonly cluster: Cluster,
    private readonly now: () => number,
  ) {
    this.file = path.join(dataDir, ROSTER_FILE_NAME);
    this.communes = new Map(cluster.communes.map((c) => [c.id, c]));
    this.officers = new Map(cluster.officers.map((o) => [o.id, o]));
  }

  /** Opens (does not create) the roster in `dataDir`; a missing file is an empty roster. Throws on a corrupt file. */
  static open(dataDir: string, cluster: Cluster, now: () => number = Date.now): Roster {
    const roster = new Roster(dataDir, cluster, now);
    roster.reload(true);
    return roster;
  }

  list(): Account[] {
    this.reload(false);
    return this.accounts.map((a) => ({ ...a }));
  }

  get(username: string): Account | undefined {
    this.reload(false);
    const found = this.byName.get(normalizeUsername(username));
    return found ? { ...found } : undefined;
  }

  get size(): number {
    this.reload(false);
    return this.accounts.length;
  }

  /** Calls `listener` for every account whose tokens stop holding; returns the unsubscribe function. */
  onRevoked(listener: RevocationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Re-reads the file as soon as another process replaces it (fs.watch on the directory: the atomic write
   * renames a new file over it, which a watch on the file itself would lose), and stats it every `pollMs`
   * in case the watch misses one. Returns the stop function.
   */
  watch(pollMs = ROSTER_POLL_MS): () => void {
    const check = () => {
      try {
        this.reload(false);
      } catch (error) {
        log.warn(`roster: could not re-read ${this.file}: ${(error as Error).message}`);
      }
    };
    let watcher: fs.FSWatcher | null = null;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      watcher = fs.watch(path.dirname(this.file), { persistent: false }, (_event, name) => {
        if (name === null || name === ROSTER_FILE_NAME) check();
      });
      watcher.on('error', (error) => log.warn(`roster: watch failed (${error.message}); polling only`));
    } catch (error) {
      log.warn(`roster: cannot watch ${this.file} (${(error as Error).message}); polling every ${pollMs} ms`);
    }
    const timer = setInterval(check, pollMs);
    timer.unref();
    return () => {
      clearInterval(timer);
      watcher?.close();
    };
  }

  add(input: NewAccount): Account {
    const result = this.addMany([input]);
    const refused = result.refused[0];
    if (refused) throw refused.error;
    const added = result.added[0];
    if (!added) throw new RosterError('file', 'account not added');
    return added;
  }

  /**
   * Adds many accounts with one rewrite (and one fsync) of the file, each checked by the same rules as
   * `add` (against the roster and the accounts before it in `inputs`); a refused one does not stop the others.
   */
  addMany(inputs: readonly NewAccount[]): BulkAddResult {
    this.reload(true);
    const at = this.now();
    const next = [...this.accounts];
    const names = new Map(this.byName);
    const posts = new Map<string, string>();
    const officers = new Map<string, string>();
    for (const a of next) {
      if (a.role === 'post' && a.commune !== undefined) posts.set(a.commune, a.username);
      if (a.role === 'officer' && a.officerId !== undefined) officers.set(a.officerId, a.username);
    }
    const result: BulkAddResult = { added: [], refused: [] };
    for (const input of inputs) {
      try {
        const account = this.newAccount(input, at, names, posts, officers);
        next.push(account);
        names.set(account.username, account);
        if (account.role === 'post' && account.commune !== undefined) posts.set(account.commune, account.username);
        if (account.role === 'officer' && account.officerId !== undefined) {
          officers.set(account.officerId, account.username);
        }
        result.added.push({ ...account });
      } catch (error) {
        if (!(error instanceof RosterError)) throw error;
        result.refused.push({ username: input.username, error });
      }
    }
    if (result.added.length > 0) this.write(next);
    return result;
  }

  setPasswordHash(username: string, passwordHash: string): Account {
    return this.update(username, (a) => ({ ...a, passwordHash, passwordChangedAt: this.now() }));
  }

  setDisabled(username: string, disabled: boolean): Account {
    return this.update(username, (a) => ({ ...a, disabled }));
  }

  /** Why an account's scope does not fit the loaded cluster (e.g. after the cluster file changed), or null. */
  scopeProblem(account: Pick<Account, 'role' | 'commune' | 'officerId' | 'admin'>): string | null {
    if (account.admin && account.role !== 'dispatcher') return 'only a dispatcher account can be an admin';
    switch (account.role) {
      case 'dispatcher':
        if (account.commune !== undefined || account.officerId !== undefined) {
          return 'a dispatcher account has no commune or officer id';
        }
        return null;
      case 'post':
        if (account.officerId !== undefined) return 'a post account has no officer id';
        if (account.commune === undefined) return 'a post account needs a commune (--commune)';
        if (!this.communes.has(account.commune)) {
          return `commune "${account.commune}" is not in the cluster (known: ${this.cluster.communes.map((c) => c.id).join(', ')})`;
        }
        return null;
      case 'officer':
        if (account.commune !== undefined) return 'an officer account has no commune (it comes from the officer id)';
        if (account.officerId === undefined) return 'an officer account needs an officer id (--officer)';
        if (!this.officers.has(account.officerId)) {
          return `officer "${account.officerId}" is not in the cluster (known: ${this.cluster.officers.map((o) => o.id).join(', ')})`;
        }
        return null;
    }
  }

  /** Accounts whose scope no longer fits the cluster, one line each, for a start-up warning. */
  problems(): string[] {
    return this.list().flatMap((a) => {
      const problem = this.scopeProblem(a);
      return problem ? [`${a.username}: ${problem}`] : [];
    });
  }

  private newAccount(
    input: NewAccount,
    at: number,
    names: ReadonlyMap<string, Account>,
    posts: ReadonlyMap<string, string>,
    officers: ReadonlyMap<string, string>,
  ): Account {
    const username = normalizeUsername(input.username);
    if (!USERNAME_PATTERN.test(username)) {
      throw new RosterError(
        'invalid',
        `username "${input.username}" must be 2–64 lower-case letters, digits, dots, dashes or underscores`,
      );
    }
    if (names.has(username)) throw new RosterError('conflict', `an account named "${username}" already exists`);
    const account: Account = {
      username,
      role: input.role,
      displayName: (input.displayName?.trim() || this.defaultDisplayName(input)).slice(0, 120),
      ...(input.commune !== undefined ? { commune: input.commune } : {}),
      ...(input.officerId !== undefined ? { officerId: input.officerId } : {}),
      disabled: false,
      ...(input.admin ? { admin: true } : {}),
      passwordHash: input.passwordHash,
      createdAt: at,
      passwordChangedAt: at,
    };
    const scopeProblem = this.scopeProblem(account);
    if (scopeProblem) throw new RosterError('invalid', scopeProblem);
    const clash =
      account.role === 'post'
        ? posts.get(account.commune ?? '')
        : account.role === 'officer'
          ? officers.get(account.officerId ?? '')
          : undefined;
    if (clash !== undefined) {
      const what = account.role === 'post' ? `commune "${account.commune}"` : `officer "${account.officerId}"`;
      throw new RosterError(
        'conflict',
        `another account ("${clash}") already serves ${what}; reset its password or disable it instead`,
      );
    }
    return account;
  }

  private defaultDisplayName(input: NewAccount): string {
    if (input.role === 'post' && input.commune) {
      return this.communes.get(input.commune)?.post.name ?? input.username;
    }
    if (input.role === 'officer' && input.officerId) {
      const officer = this.officers.get(input.officerId);
      if (officer) return officer.name ? `${officer.callsign} ${officer.name}` : officer.callsign;
    }
    return input.username;
  }

  private update(username: string, change: (a: Account) => Account): Account {
    this.reload(true);
    const name = normalizeUsername(username);
    const current = this.byName.get(name);
    if (!current) throw new RosterError('not_found', `no account named "${name}"`);
    const updated = change(current);
    this.write(this.accounts.map((a) => (a === current ? updated : a)));
    return { ...updated };
  }

  private write(accounts: Account[]): void {
    writeFileAtomic(this.file, `${JSON.stringify({ version: 1, accounts }, null, 2)}\n`);
    this.replace(accounts, 'write');
    this.stamp = this.fileStamp();
  }

  /** Takes `accounts` as the roster and tells the listeners about every account it revokes. */
  private replace(accounts: Account[], origin: Revocation['origin']): void {
    const before = this.byName;
    this.accounts = accounts;
    this.byName = new Map(accounts.map((a) => [a.username, a]));
    if (this.listeners.size === 0) return;
    for (const [username, old] of before) {
      const reason = revocationReason(old, this.byName.get(username));
      if (reason === null) continue;
      for (const listener of this.listeners) {
        try {
          listener({ username, reason, origin });
        } catch (error) {
          log.error({ err: error }, `roster: a revocation listener failed for ${username}`);
        }
      }
    }
  }

  private fileStamp(): string {
    try {
      const st = fs.statSync(this.file);
      return `${st.ino}:${st.size}:${st.mtimeMs}`;
    } catch {
      return 'missing';
    }
  }

  /** Re-reads the file when it changed. `strict`: a corrupt file throws; otherwise the last good content stays. */
  private reload(strict: boolean): void {
    const stamp = this.fileStamp();
    if (stamp === this.stamp) return;
    try {
      const accounts = stamp === 'missing' ? [] : readRosterFile(this.file);
      this.stamp = stamp;
      this.replace(accounts, 'file');
    } catch (err) {
      if (strict) throw err;
      log.warn(`${(err as Error).message}; keeping the accounts read before`);
      this.stamp = stamp;
    }
  }
}

/** Why `before` no longer vouches for tokens issued to it now that it is `after`, or null if they still hold. */
function revocationReason(before: Account, after: Account | undefined): string | null {
  if (!after) return 'account removed';
  if (after.disabled && !before.disabled) return 'account disabled';
  if (after.passwordHash !== before.passwordHash) return 'password reset';
  if (after.role !== before.role || after.commune !== before.commune || after.officerId !== before.officerId) {
    return 'scope changed';
  }
  return null;
}

function readRosterFile(file: string): Account[] {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new RosterError('file', `roster file ${file}: ${(err as Error).message}`);
  }
  const parsed = RosterFileSchema.safeParse(raw);
  if (!parsed.success) throw new RosterError('file', `roster file ${file}: ${describeIssues(parsed.error)}`);
  return parsed.data.accounts;
}
