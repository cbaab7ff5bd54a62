// The roster: who may log in, with which role and scope. One JSON file in DATA_DIR (mode 0600), written
// atomically, re-read when another process (the roster CLI) changed it, so disabling an account takes effect
// on the running server at the next login or socket handshake.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { communeById, describeIssues, officerById, type Cluster } from '../../shared/cluster';
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
  private stamp = '';

  private constructor(
    dataDir: string,
    private readonly cluster: Cluster,
    private readonly now: () => number,
  ) {
    this.file = path.join(dataDir, ROSTER_FILE_NAME);
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
    const name = normalizeUsername(username);
    const found = this.accounts.find((a) => a.username === name);
    return found ? { ...found } : undefined;
  }

  get size(): number {
    this.reload(false);
    return this.accounts.length;
  }

  add(input: NewAccount): Account {
    this.reload(true);
    const username = normalizeUsername(input.username);
    if (!USERNAME_PATTERN.test(username)) {
      throw new RosterError(
        'invalid',
        `username "${input.username}" must be 2–64 lower-case letters, digits, dots, dashes or underscores`,
      );
    }
    if (this.accounts.some((a) => a.username === username)) {
      throw new RosterError('conflict', `an account named "${username}" already exists`);
    }
    const at = this.now();
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
    const problem = this.scopeProblem(account) ?? this.duplicateScope(account);
    if (problem) throw new RosterError(problem.startsWith('another account') ? 'conflict' : 'invalid', problem);
    this.write([...this.accounts, account]);
    return { ...account };
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
        if (!communeById(this.cluster, account.commune)) {
          return `commune "${account.commune}" is not in the cluster (known: ${this.cluster.communes.map((c) => c.id).join(', ')})`;
        }
        return null;
      case 'officer':
        if (account.commune !== undefined) return 'an officer account has no commune (it comes from the officer id)';
        if (account.officerId === undefined) return 'an officer account needs an officer id (--officer)';
        if (!officerById(this.cluster, account.officerId)) {
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

  private duplicateScope(account: Account): string | null {
    const clash = this.accounts.find(
      (a) =>
        (account.role === 'post' && a.role === 'post' && a.commune === account.commune) ||
        (account.role === 'officer' && a.role === 'officer' && a.officerId === account.officerId),
    );
    if (!clash) return null;
    const what = account.role === 'post' ? `commune "${account.commune}"` : `officer "${account.officerId}"`;
    return `another account ("${clash.username}") already serves ${what}; reset its password or disable it instead`;
  }

  private defaultDisplayName(input: NewAccount): string {
    if (input.role === 'post' && input.commune) {
      return communeById(this.cluster, input.commune)?.post.name ?? input.username;
    }
    if (input.role === 'officer' && input.officerId) {
      const officer = officerById(this.cluster, input.officerId);
      if (officer) return officer.name ? `${officer.callsign} ${officer.name}` : officer.callsign;
    }
    return input.username;
  }

  private update(username: string, change: (a: Account) => Account): Account {
    this.reload(true);
    const name = normalizeUsername(username);
    const index = this.accounts.findIndex((a) => a.username === name);
    const current = this.accounts[index];
    if (!current) throw new RosterError('not_found', `no account named "${name}"`);
    const updated = change(current);
    const next = [...this.accounts];
    next[index] = updated;
    this.write(next);
    return { ...updated };
  }

  private write(accounts: Account[]): void {
    writeFileAtomic(this.file, `${JSON.stringify({ version: 1, accounts }, null, 2)}\n`);
    this.accounts = accounts;
    this.stamp = this.fileStamp();
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
      this.accounts = stamp === 'missing' ? [] : readRosterFile(this.file);
      this.stamp = stamp;
    } catch (err) {
      if (strict) throw err;
      log.warn(`${(err as Error).message}; keeping the accounts read before`);
      this.stamp = stamp;
    }
  }
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
