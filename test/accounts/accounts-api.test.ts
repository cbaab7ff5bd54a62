// /api/accounts over real HTTP on a real server (roster in a temp dir, scrypt logins, real sockets): an admin
// dispatcher lists, adds, disables, enables and resets accounts with the roster's rules; every change is in
// the audit file; changes take effect at once; anyone else is refused server-side and changes nothing.
import crypto from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountPasswordResponse, AccountsListResponse } from '../../shared/accounts-api';
import { PROTOCOL_VERSION, type LoginResponse } from '../../shared/protocol';
import { AUDIT_FILE_NAME, AuditLog } from '../../server/auth/audit-log';
import { createAuthenticator } from '../../server/auth/authenticator';
import { hashPassword } from '../../server/auth/passwords';
import { Roster } from '../../server/auth/roster';
import { systemClock } from '../../server/clock';
import { testConfig } from '../../server/config';
import { createServer, type DispatchServer } from '../../server/create-server';
import { createAccountsRouter } from '../../server/http/accounts-router';
import { createApiRouter } from '../../server/http/api-router';
import { JournalStore } from '../../server/store/journal-store';
import { expectConnectError, openSocket } from '../support/test-client';
import { seedCluster as cluster } from '../support/cluster-fixture';
import { makeTempDir, removeDirs } from './helpers';

const dirs: string[] = [];
let server: DispatchServer;
let base: string;
let roster: Roster;
let dataDir: string;
let adminToken: string;

async function login(username: string, password: string): Promise<{ status: number; body: LoginResponse }> {
  const res = await fetch(`${base}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return { status: res.status, body: (await res.json()) as LoginResponse };
}

async function tokenOf(username: string, password: string): Promise<string> {
  const { body } = await login(username, password);
  if (!body.ok) throw new Error(`login ${username}: ${body.message}`);
  return body.token;
}

async function call<T>(token: string | null, method: 'GET' | 'POST', route: string, body?: unknown) {
  const res = await fetch(`${base}/api/accounts${route}`, {
    method,
    headers: {
      ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as T & { ok: boolean; code?: string } };
}

const auditLines = async () =>
  (await fs.readFile(path.join(dataDir, AUDIT_FILE_NAME), 'utf8').catch(() => '')).split('\n').filter(Boolean);

beforeAll(async () => {
  dataDir = await makeTempDir('accounts-api');
  dirs.push(dataDir);
  roster = Roster.open(dataDir, cluster);
  roster.add({
    username: 'quan-tri',
    role: 'dispatcher',
    admin: true,
    passwordHash: await hashPassword('mat-khau-qt'),
  });
  roster.add({ username: 'dieu-phoi', role: 'dispatcher', passwordHash: await hashPassword('mat-khau-dp') });
  roster.add({ username: 'kp-1', role: 'officer', officerId: 'kp-1', passwordHash: await hashPassword('mat-khau-kp') });
  const config = testConfig({ dataDir, host: '127.0.0.1', port: 0 });
  const auth = createAuthenticator({
    roster,
    secret: crypto.randomBytes(32).toString('hex'),
    ttlMs: 3600_000,
    clock: systemClock,
  });
  const accounts = createAccountsRouter({ auth, roster, audit: new AuditLog(dataDir) });
  server = await createServer({
    store: new JournalStore(path.join(dataDir, 'journal')),
    clock: systemClock,
    cluster,
    config,
    auth,
    apiRouter: createApiRouter({ auth, cluster, config, accounts }),
  });
  base = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
  adminToken = await tokenOf('quan-tri', 'mat-khau-qt');
});
afterAll(async () => {
  await server?.close();
  await removeDirs(dirs);
});

describe('who may manage accounts', () => {
  it('refuses a dispatcher without the admin flag, an officer, no token and a forged token, server-side', async () => {
    const dispatcher = await tokenOf('dieu-phoi', 'mat-khau-dp');
    const officer = await tokenOf('kp-1', 'mat-khau-kp');
    const before = JSON.stringify(roster.list());
    for (const [token, status] of [
      [dispatcher, 403],
      [officer, 403],
      [null, 401],
      [`${adminToken}x`, 401],
    ] as const) {
      expect((await call(token, 'GET', '/')).status).toBe(status);
      const add = await call(token, 'POST', '/', { username: 'ke-la', role: 'dispatcher', admin: true });
      expect(add.status).toBe(status);
      expect((await call(token, 'POST', '/kp-1/disable')).status).toBe(status);
      expect((await call(token, 'POST', '/kp-1/reset-password')).status).toBe(status);
    }
    expect(JSON.stringify(roster.list())).toBe(before);
    expect(await auditLines()).toEqual([]);
  });

  it('an admin lists every account without password hashes', async () => {
    const res = await call<AccountsListResponse>(adminToken, 'GET', '/');
    expect(res.status).toBe(200);
    if (!res.body.ok) throw new Error(res.body.message);
    expect(res.body.self).toBe('quan-tri');
    expect(res.body.accounts.map((a) => a.username).sort()).toEqual(['dieu-phoi', 'kp-1', 'quan-tri']);
    expect(JSON.stringify(res.body)).not.toMatch(/scrypt|passwordHash/);
  });
});

describe('changes by an admin', () => {
  it('adds an account with a password shown once that logs in at once, and audits who did it', async () => {
    const res = await call<AccountPasswordResponse>(adminToken, 'POST', '/', {
      username: 'Post-Ky-Phu',
      role: 'post',
      commune: 'ky-phu',
    });
    expect(res.status).toBe(201);
    if (!res.body.ok) throw new Error(res.body.message);
    expect(res.body.account).toMatchObject({ username: 'post-ky-phu', role: 'post', commune: 'ky-phu' });
    expect((await login('post-ky-phu', res.body.password)).status).toBe(200);
    const lines = await auditLines();
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      actor: 'admin:quan-tri',
      action: 'account.add',
      username: 'post-ky-phu',
      detail: 'post ky-phu',
    });
    expect(lines[0]).not.toContain(res.body.password);
  });

  it('keeps the roster rules: scope, duplicates, admin only for dispatchers, username shape', async () => {
    const cases: [unknown, number, RegExp][] = [
      [{ username: 'post-x', role: 'post' }, 400, /needs a commune/],
      [{ username: 'post-x', role: 'post', commune: 'atlantis' }, 400, /not in the cluster/],
      [{ username: 'post-2', role: 'post', commune: 'ky-phu' }, 409, /already serves/],
      [{ username: 'kp-1', role: 'officer', officerId: 'kp-2' }, 409, /already exists/],
      [{ username: 'kp-3', role: 'officer', officerId: 'kp-3', admin: true }, 400, /only a dispatcher/],
      [{ username: 'bad name!', role: 'dispatcher' }, 400, /username/],
      [{ username: 'x', role: 'king' }, 400, /role/],
    ];
    const before = (await auditLines()).length;
    for (const [body, status, message] of cases) {
      const res = await call(adminToken, 'POST', '/', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(JSON.stringify(res.body)).toMatch(message);
    }
    expect(await auditLines()).toHaveLength(before);
  });

  it('disabling ends logins and handshakes at once; enabling restores them', async () => {
    const token = await tokenOf('kp-1', 'mat-khau-kp');
    const res = await call(adminToken, 'POST', '/kp-1/disable');
    expect(res.status).toBe(200);
    expect(await login('kp-1', 'mat-khau-kp')).toMatchObject({ status: 403 });
    const refused = await expectConnectError(openSocket(base, { token, protocol: PROTOCOL_VERSION }));
    expect(refused).toMatchObject({ code: 'unauthenticated', message: 'account disabled' });

    expect((await call(adminToken, 'POST', '/kp-1/enable')).status).toBe(200);
    expect(await login('kp-1', 'mat-khau-kp')).toMatchObject({ status: 200 });
    expect((await auditLines()).slice(-2).map((l) => (JSON.parse(l) as { action: string }).action)).toEqual([
      'account.disable',
      'account.enable',
    ]);
  });

  it('a reset replaces the password (the old one and its tokens stop working) and shows the new one once', async () => {
    const oldToken = await tokenOf('kp-1', 'mat-khau-kp');
    const res = await call<AccountPasswordResponse>(adminToken, 'POST', '/kp-1/reset-password');
    expect(res.status).toBe(200);
    if (!res.body.ok) throw new Error(res.body.message);
    expect(await login('kp-1', 'mat-khau-kp')).toMatchObject({ status: 401 });
    expect(await login('kp-1', res.body.password)).toMatchObject({ status: 200 });
    const refused = await expectConnectError(openSocket(base, { token: oldToken, protocol: PROTOCOL_VERSION }));
    expect(refused.message).toMatch(/password reset/);
    expect(JSON.parse((await auditLines()).at(-1) ?? '{}')).toMatchObject({ action: 'account.reset_password' });
  });

  it('an admin cannot disable their own account, and an unknown account is not_found', async () => {
    expect(await call(adminToken, 'POST', '/quan-tri/disable')).toMatchObject({ status: 409 });
    expect(await call(adminToken, 'POST', '/khong-co/disable')).toMatchObject({
      status: 404,
      body: { code: 'not_found' },
    });
  });
});
