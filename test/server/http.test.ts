// The HTTP side of createServer: health with the store's status, the API router mount, and the built
// client served with an SPA fallback for the app's routes.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { principals } from '../support/test-auth';
import { connectAs } from '../support/test-client';
import { startTestServer, type TestServer } from '../support/test-server';

describe('HTTP', () => {
  let t: TestServer | null = null;
  const dirs: string[] = [];
  afterEach(async () => {
    await t?.stop();
    t = null;
    for (const d of dirs.splice(0)) await fs.rm(d, { recursive: true, force: true });
  });

  it('GET /healthz answers 200 with the store status and the seq', async () => {
    t = await startTestServer();
    const res = await fetch(`${t.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, seq: 0, store: { ok: true, kind: 'journal' } });
  });

  it('GET /healthz answers 503 once the store cannot write', async () => {
    // The first journal segment is a device that is always full: the first append fails.
    t = await startTestServer();
    await fs.symlink('/dev/full', path.join(t.dataDir, 'journal', 'journal-000000000001.jsonl'));
    const d = await connectAs(t, principals.dispatcher());
    expect(await d.command({ type: 'officer:set_duty', data: { duty: 'available', officerId: 'pl-1' } })).toMatchObject(
      {
        ok: false,
        code: 'storage_unavailable',
      },
    );
    expect(t.server.engine.state.officers['pl-1']?.duty).toBe('off_duty');
    d.close();
    const res = await fetch(`${t.url}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ ok: false, store: { ok: false } });
    await fs.rm(path.join(t.dataDir, 'journal', 'journal-000000000001.jsonl'));
  });

  it('mounts the API router at /api', async () => {
    const apiRouter = express.Router();
    apiRouter.get('/ping', (_req, res) => {
      res.json({ pong: true });
    });
    t = await startTestServer({ deps: { apiRouter } });
    expect(await (await fetch(`${t.url}/api/ping`)).json()).toEqual({ pong: true });
  });

  it('serves the built client and falls back to index.html for the app routes', async () => {
    const clientDir = await fs.mkdtemp(path.join(os.tmpdir(), 'grd-client-'));
    dirs.push(clientDir);
    await fs.writeFile(path.join(clientDir, 'index.html'), '<!doctype html><title>Giáp Ranh</title>');
    await fs.writeFile(path.join(clientDir, 'app.js'), 'console.log(1)');
    t = await startTestServer({ deps: { clientDir } });
    for (const route of ['/', '/login', '/console', '/post', '/officer', '/console/requests/r1']) {
      const res = await fetch(`${t.url}${route}`);
      expect(res.status, route).toBe(200);
      expect(await res.text()).toContain('Giáp Ranh');
    }
    expect(await (await fetch(`${t.url}/app.js`)).text()).toBe('console.log(1)');
    expect((await fetch(`${t.url}/nowhere`)).status).toBe(404);
  });
});
