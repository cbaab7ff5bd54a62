// The built client over real HTTP: scripts gzip-compressed for clients that accept it (officers on 3G),
// hashed files under /assets cached for a year as immutable, and index.html, the app routes and the
// service worker revalidated every time so a new build is picked up. Socket.IO still connects.
import { promises as fs } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { principals } from '../support/test-auth';
import { connectAs } from '../support/test-client';
import { startTestServer, type TestServer } from '../support/test-server';

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A GET with exactly these headers and the body as sent (fetch would decompress it silently). */
function get(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

// Like a built bundle: large and repetitive, so compression shrinks it a lot.
const SCRIPT = Array.from({ length: 4000 }, (_, i) => `export const label${i} = "Cán bộ ${i}";`).join('\n');
const INDEX = '<!doctype html><title>Giáp Ranh</title><script type="module" src="/assets/index-AbC123.js"></script>';
const SW = "self.addEventListener('fetch', () => undefined);";

describe('static client over HTTP', () => {
  let t: TestServer | null = null;
  let clientDir = '';
  afterEach(async () => {
    await t?.stop();
    t = null;
    await fs.rm(clientDir, { recursive: true, force: true });
  });

  const start = async () => {
    clientDir = await fs.mkdtemp(path.join(os.tmpdir(), 'grd-client-'));
    await fs.mkdir(path.join(clientDir, 'assets'));
    await fs.writeFile(path.join(clientDir, 'index.html'), INDEX);
    await fs.writeFile(path.join(clientDir, 'sw.js'), SW);
    await fs.writeFile(path.join(clientDir, 'assets', 'index-AbC123.js'), SCRIPT);
    t = await startTestServer({ deps: { clientDir } });
    return t;
  };

  it('serves /assets/*.js gzip-compressed when asked (brotli when offered), and plain when not', async () => {
    const { url } = await start();
    const gz = await get(`${url}/assets/index-AbC123.js`, { 'Accept-Encoding': 'gzip, deflate' });
    expect(gz.status).toBe(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['content-type']).toMatch(/javascript/);
    expect(gz.headers.vary).toMatch(/Accept-Encoding/i);
    expect(gz.body.length).toBeLessThan(Buffer.byteLength(SCRIPT) / 4);
    expect(gunzipSync(gz.body).toString('utf8')).toBe(SCRIPT);

    // What Chromium sends: brotli is smaller still.
    const br = await get(`${url}/assets/index-AbC123.js`, { 'Accept-Encoding': 'gzip, deflate, br, zstd' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).toString('utf8')).toBe(SCRIPT);

    const plain = await get(`${url}/assets/index-AbC123.js`, { 'Accept-Encoding': 'identity' });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString('utf8')).toBe(SCRIPT);
  });

  it('caches hashed assets for a year as immutable, compressed or not', async () => {
    const { url } = await start();
    for (const [encoding, sent] of [
      ['gzip', 'gzip'],
      ['br', 'br'],
      ['identity', undefined],
    ] as const) {
      const res = await get(`${url}/assets/index-AbC123.js`, { 'Accept-Encoding': encoding });
      expect(res.status, encoding).toBe(200);
      expect(res.headers['content-encoding'], encoding).toBe(sent);
      expect(res.headers['cache-control'], encoding).toBe('public, max-age=31536000, immutable');
    }
  });

  it('index.html, the app routes and the service worker are revalidated on every load', async () => {
    const { url } = await start();
    for (const route of ['/', '/index.html', '/console', '/officer/a1', '/login']) {
      const res = await get(`${url}${route}`, { 'Accept-Encoding': 'gzip' });
      expect(res.status, route).toBe(200);
      expect(res.headers['cache-control'], route).toBe('no-cache');
      const body = res.headers['content-encoding'] === 'gzip' ? gunzipSync(res.body) : res.body;
      expect(body.toString('utf8'), route).toBe(INDEX);
    }
    const sw = await get(`${url}/sw.js`, { 'Accept-Encoding': 'gzip' });
    expect(sw.status).toBe(200);
    expect(sw.headers['cache-control']).toBe('no-cache');
    expect(sw.headers['content-type']).toMatch(/javascript/);
    expect(sw.body.toString('utf8')).toBe(SW);
    // Revalidation is cheap: an unchanged index.html answers 304 without a body.
    const first = await get(`${url}/index.html`);
    const again = await get(`${url}/index.html`, { 'If-None-Match': String(first.headers.etag) });
    expect(again.status).toBe(304);
  });

  it('Socket.IO still connects and answers beside the compressed client', async () => {
    const server = await start();
    const d = await connectAs(server, principals.dispatcher());
    expect(await d.command({ type: 'officer:set_duty', data: { duty: 'available', officerId: 'pl-1' } })).toMatchObject(
      { ok: true },
    );
    d.close();
    // Long-polling is not offered (websocket only): Socket.IO refuses it itself, express never sees it.
    const polling = await get(`${server.url}/socket.io/?EIO=4&transport=polling`, { 'Accept-Encoding': 'gzip' });
    expect(polling.status).toBe(400);
    expect(JSON.parse(polling.body.toString('utf8'))).toMatchObject({ message: 'Transport unknown' });
  });
});
