// `npm start` with TLS_CERT_FILE/TLS_KEY_FILE from `npm run cert`: server/main.ts in a child process serves
// HTTPS with HSTS, its plain-HTTP port redirects, and the accounts API is mounted.
import { freePort } from '../support/free-port';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { afterEach, expect, it } from 'vitest';
import { issueCertificates } from '../../server/tls/local-ca';
import { makeTempDir, removeDirs } from '../accounts/helpers';
import { boot, stop, type Booted } from './boot';

const dirs: string[] = [];
const running: Booted[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map(stop));
  await removeDirs(dirs);
});

function request(url: string, ca?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const lib = url.startsWith('https:') ? https : http;
    lib
      .get(url, { ...(ca ? { ca } : {}), headers: { host: new URL(url).host } }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      })
      .on('error', reject);
  });
}

it('serves HTTPS with HSTS, redirects its plain-HTTP port, and mounts the accounts API', async () => {
  const dataDir = await makeTempDir('https-start');
  dirs.push(dataDir);
  const { paths } = issueCertificates(dataDir, ['127.0.0.1']);
  const redirectPort = await freePort();
  const server = boot({
    DATA_DIR: dataDir,
    TLS_CERT_FILE: paths.serverCert,
    TLS_KEY_FILE: paths.serverKey,
    HTTP_REDIRECT_PORT: String(redirectPort),
  });
  running.push(server);
  const url = (await server.waitFor(/Giáp Ranh Dispatch: (https:\/\/127\.0\.0\.1:\d+)/))[1] ?? '';
  await server.waitFor(/redirects to https/);
  const ca = await fs.readFile(paths.caCert, 'utf8');
  const health = await request(`${url}/healthz`, ca);
  expect(health.status).toBe(200);
  expect(health.headers['strict-transport-security']).toMatch(/max-age=/);
  expect((await request(`${url}/api/accounts/`, ca)).status).toBe(401);
  const redirect = await request(`http://127.0.0.1:${redirectPort}/post`);
  expect(redirect.status).toBe(301);
  expect(redirect.headers.location).toBe(`${url}/post`);
  // A child process under tsx: slow to start on a loaded machine, like the other start-up tests.
}, 90_000);
