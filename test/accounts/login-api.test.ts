// POST /api/login and GET /api/cluster over real HTTP: the router in a real express app on port 0.
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClusterResponse } from '../../shared/api';
import type { LoginResponse } from '../../shared/protocol';
import type { Authenticator } from '../../server/auth/auth';
import { createAuthenticator } from '../../server/auth/authenticator';
import { hashPassword } from '../../server/auth/passwords';
import { Roster } from '../../server/auth/roster';
import { FakeClock } from '../../server/clock';
import { testConfig } from '../../server/config';
import { createApiRouter } from '../../server/http/api-router';
import { seedCluster as cluster } from '../support/cluster-fixture';
import { makeTempDir, removeDirs } from './helpers';

const dirs: string[] = [];
const config = testConfig({ tileUrl: 'http://tiles.test/{z}/{x}/{y}.png', tileAttribution: 'test tiles' });
let server: Server;
let base: string;
let roster: Roster;
let auth: Authenticator;
let clock: FakeClock;

beforeEach(async () => {
  const dir = await makeTempDir('api');
  dirs.push(dir);
  clock = new FakeClock();
  roster = Roster.open(dir, cluster);
  roster.add({ username: 'dieu-phoi', role: 'dispatcher', passwordHash: await hashPassword('dung-mat-khau') });
  auth = createAuthenticator({ roster, secret: crypto.randomBytes(32).toString('hex'), ttlMs: 3600_000, clock });
  const app = express();
  app.use('/api', createApiRouter({ auth, cluster, config, clock, throttle: { maxFailures: 3, windowMs: 60_000 } }));
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});
afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  await removeDirs(dirs);
});

async function post(path: string, body: string, contentType = 'application/json') {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });
  return { status: res.status, headers: res.headers, body: (await res.json()) as LoginResponse };
}
const login = (username: string, password: string) => post('/login', JSON.stringify({ username, password }));

describe('POST /api/login', () => {
  it('answers a token that the authenticator verifies, with the principal and expiry', async () => {
    const res = await login('dieu-phoi', 'dung-mat-khau');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({
      ok: true,
      expiresAt: clock.now() + 3600_000,
      principal: { accountId: 'dieu-phoi', role: 'dispatcher' },
    });
    if (!res.body.ok) return;
    expect(auth.verify(res.body.token)).toMatchObject({ ok: true, principal: { accountId: 'dieu-phoi' } });
  });

  it('answers 401 unauthenticated to a wrong password', async () => {
    const res = await login('dieu-phoi', 'sai');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ ok: false, code: 'unauthenticated', message: 'wrong username or password' });
  });

  it('answers 403 forbidden to a disabled account with the right password', async () => {
    roster.setDisabled('dieu-phoi', true);
    const res = await login('dieu-phoi', 'dung-mat-khau');
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ ok: false, code: 'forbidden', message: 'account disabled' });
  });

  it.each([
    ['a body without a password', JSON.stringify({ username: 'dieu-phoi' }), 'application/json', /password/],
    ['an empty username', JSON.stringify({ username: '  ', password: 'x' }), 'application/json', /username/],
    ['a number as username', JSON.stringify({ username: 5, password: 'x' }), 'application/json', /username/],
    ['broken JSON', '{"username": ', 'application/json', /not valid JSON/],
    ['a form body', 'username=a&password=b', 'application/x-www-form-urlencoded', /username/],
  ])('answers 400 bad_request to %s', async (_what, body, type, message) => {
    const res = await post('/login', body, type);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ ok: false, code: 'bad_request', message: expect.stringMatching(message) });
  });

  it('answers 413 too_large to a body over 16 kB', async () => {
    const res = await post('/login', JSON.stringify({ username: 'dieu-phoi', password: 'x'.repeat(17 * 1024) }));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ ok: false, code: 'too_large' });
  });

  it('throttles an address after repeated failures, even for the right password, until the window passes', async () => {
    for (let i = 0; i < 3; i++) expect((await login('dieu-phoi', `guess-${i}`)).status).toBe(401);
    const blocked = await login('dieu-phoi', 'dung-mat-khau');
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ ok: false, code: 'rate_limited' });
    expect(Number(blocked.headers.get('retry-after'))).toBe(60);
    clock.advance(60_000);
    expect((await login('dieu-phoi', 'dung-mat-khau')).status).toBe(200);
  });
});

describe('GET /api/cluster and others', () => {
  it('serves the loaded cluster with the tile and ETA settings, without secrets', async () => {
    const res = await fetch(`${base}/cluster`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as ClusterResponse;
    expect(body).toEqual({
      ok: true,
      cluster: JSON.parse(JSON.stringify(cluster)),
      tileUrl: 'http://tiles.test/{z}/{x}/{y}.png',
      tileAttribution: 'test tiles',
      eta: config.eta,
      // No basemap or imported roads in this test's DATA_DIR.
      map: { basemap: null, mapData: null },
      roadSpeeds: config.roadSpeeds,
    });
    expect(JSON.stringify(body)).not.toMatch(/scrypt|secret|passwordHash/i);
  });

  it('serves the public config and answers unknown API routes with a JSON 404', async () => {
    const config = (await (await fetch(`${base}/config`)).json()) as Record<string, unknown>;
    expect(config).toMatchObject({
      ok: true,
      protocol: expect.any(Number),
      demo: false,
      clusterName: cluster.name,
      serverTime: clock.now(),
    });
    const missing = await fetch(`${base}/nothing-here`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ ok: false, code: 'not_found' });
  });
});
