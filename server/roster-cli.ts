// `npm run roster -- <command>`: manage the accounts in DATA_DIR/roster.json. Uses the same configuration
// (DATA_DIR, CLUSTER_FILE) as the server; a running server sees the file change (its roster watch) and ends
// the open sessions of an account disabled or reset here within a second.
import { parseArgs } from 'node:util';
import { RoleSchema, type Role } from '../shared/domain';
import os from 'node:os';
import { AuditLog } from './auth/audit-log';
import { generatePassword, promptHidden, readStdin } from './auth/password-prompt';
import { hashPassword } from './auth/passwords';
import { Roster, RosterError, type Account } from './auth/roster';
import { loadClusterFile } from './cluster-file';
import { loadConfig } from './config';

export const MIN_PASSWORD_LENGTH = 8;

const USAGE = `Quản lý tài khoản / manage accounts (DATA_DIR/roster.json)

usage: npm run roster -- <command> [options]

  add     --username NAME --role dispatcher|post|officer
          [--commune ID]        (role post: the commune the post serves)
          [--officer ID]        (role officer: the officer id in the cluster file)
          [--display "NAME"]    (shown on screens; defaults from the cluster file)
          [--admin]             (role dispatcher: may also manage accounts on the /accounts page)
          [--password PW | --password-stdin | --generate]
  list    [--json]
  reset   --username NAME [--password PW | --password-stdin | --generate]
  disable --username NAME
  enable  --username NAME
  help

Without a password option: asked twice on a terminal, generated (and printed once) otherwise.
Environment: DATA_DIR (default .data), CLUSTER_FILE (default server/data/cluster.json).`;

class UsageError extends Error {}

const OPTIONS = {
  username: { type: 'string' },
  role: { type: 'string' },
  commune: { type: 'string' },
  officer: { type: 'string' },
  display: { type: 'string' },
  password: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  generate: { type: 'boolean' },
  json: { type: 'boolean' },
  admin: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parse>['values'];

function parse(argv: string[]) {
  return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
}

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  const [command, ...extra] = positionals;
  if (values.help || command === 'help' || command === undefined) {
    console.log(USAGE);
    return command === undefined && !values.help ? 2 : 0;
  }
  if (extra.length) throw new UsageError(`unexpected argument "${extra.join(' ')}"`);
  const config = loadConfig();
  const roster = Roster.open(config.dataDir, loadClusterFile(config.clusterFile));
  const audit = new AuditLog(config.dataDir);
  const actor = `cli:${cliUser()}`;

  switch (command) {
    case 'add': {
      const account = await add(roster, values);
      audit.record({
        actor,
        action: 'account.add',
        username: account.username,
        detail: scopeText(account).slice(2) || account.role,
      });
      return 0;
    }
    case 'list':
      return list(roster, values);
    case 'reset': {
      const username = required(values, 'username');
      const { password, generated } = await choosePassword(values);
      const account = roster.setPasswordHash(username, await hashPassword(password));
      audit.record({ actor, action: 'account.reset_password', username: account.username });
      console.log(`password reset for ${account.username}; its existing sessions are logged out`);
      if (generated) printGenerated(account.username, password);
      return 0;
    }
    case 'disable':
    case 'enable': {
      const account = roster.setDisabled(required(values, 'username'), command === 'disable');
      audit.record({
        actor,
        action: command === 'disable' ? 'account.disable' : 'account.enable',
        username: account.username,
      });
      console.log(`${account.username} ${command === 'disable' ? 'disabled' : 'enabled'}`);
      return 0;
    }
    default:
      throw new UsageError(`unknown command "${command}" (add, list, reset, disable, enable, help)`);
  }
}

async function add(roster: Roster, values: Values): Promise<Account> {
  const username = required(values, 'username');
  const roleText = required(values, 'role');
  const role = RoleSchema.safeParse(roleText);
  if (!role.success) throw new UsageError(`--role must be dispatcher, post or officer (got "${roleText}")`);
  checkScopeOptions(role.data, values);
  // Validate the scope before asking for a password, so a typo does not cost a prompt.
  const scopeProblem = roster.scopeProblem({
    role: role.data,
    commune: values.commune,
    officerId: values.officer,
    admin: values.admin,
  });
  if (scopeProblem) throw new RosterError('invalid', scopeProblem);
  if (roster.get(username))
    throw new RosterError('conflict', `an account named "${username.trim().toLowerCase()}" already exists`);
  const { password, generated } = await choosePassword(values);
  const account = roster.add({
    username,
    role: role.data,
    passwordHash: await hashPassword(password),
    ...(values.display !== undefined ? { displayName: values.display } : {}),
    ...(values.commune !== undefined ? { commune: values.commune } : {}),
    ...(values.officer !== undefined ? { officerId: values.officer } : {}),
    ...(values.admin ? { admin: true } : {}),
  });
  console.log(`added ${account.username} (${account.role}${scopeText(account)}) "${account.displayName}"`);
  if (generated) printGenerated(account.username, password);
  return account;
}

/** Who ran the CLI, for the audit log (the OS account; SUDO_USER when run through sudo). */
function cliUser(): string {
  try {
    return process.env.SUDO_USER ?? os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

function list(roster: Roster, values: Values): number {
  const accounts = roster.list();
  if (values.json) {
    // Never print hashes, even in JSON.
    console.log(
      JSON.stringify(
        accounts.map(({ passwordHash: _hash, ...rest }) => rest),
        null,
        2,
      ),
    );
    return 0;
  }
  if (!accounts.length) {
    console.log(`no accounts yet in ${roster.file}`);
    return 0;
  }
  const rows = accounts.map((a) => [
    a.username,
    a.role,
    a.commune ?? a.officerId ?? '',
    a.disabled ? 'disabled' : 'enabled',
    new Date(a.createdAt).toISOString().slice(0, 10),
    a.displayName,
  ]);
  printTable(['username', 'role', 'scope', 'status', 'created', 'display name'], rows);
  for (const problem of roster.problems()) console.log(`warning: ${problem}`);
  return 0;
}

function checkScopeOptions(role: Role, values: Values): void {
  if (role !== 'post' && values.commune !== undefined) throw new UsageError(`--commune is only for role post`);
  if (role !== 'officer' && values.officer !== undefined) throw new UsageError(`--officer is only for role officer`);
  if (role === 'post' && values.commune === undefined) throw new UsageError(`role post needs --commune ID`);
  if (role === 'officer' && values.officer === undefined) throw new UsageError(`role officer needs --officer ID`);
}

async function choosePassword(values: Values): Promise<{ password: string; generated: boolean }> {
  const sources = [values.password !== undefined, values['password-stdin'], values.generate].filter(Boolean).length;
  if (sources > 1) throw new UsageError('give only one of --password, --password-stdin, --generate');
  let password: string;
  if (values.password !== undefined) password = values.password;
  else if (values['password-stdin']) password = await readStdin();
  else if (values.generate || !process.stdin.isTTY) return { password: generatePassword(), generated: true };
  else {
    password = await promptHidden('Mật khẩu / password: ');
    if ((await promptHidden('Nhập lại / again: ')) !== password) throw new UsageError('the two passwords differ');
  }
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new UsageError(`password must be at least ${MIN_PASSWORD_LENGTH} characters (or use --generate)`);
  }
  return { password, generated: false };
}

function required(values: Values, name: 'username' | 'role'): string {
  const value = values[name];
  if (value === undefined || value.trim() === '') throw new UsageError(`missing --${name}`);
  return value;
}

function scopeText(a: Account): string {
  if (a.commune) return `, commune ${a.commune}`;
  if (a.officerId) return `, officer ${a.officerId}`;
  if (a.admin) return ', admin';
  return '';
}

function printGenerated(username: string, password: string): void {
  console.log(`generated password for ${username} (shown once, give it to the user now): ${password}`);
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    const misuse = err instanceof UsageError || (err instanceof RosterError && err.kind !== 'file');
    console.error(`roster: ${message}`);
    if (err instanceof UsageError) console.error(`run "npm run roster -- help" for usage`);
    process.exitCode = misuse ? 2 : 1;
  },
);
