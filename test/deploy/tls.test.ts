// HTTPS built in: `npm run cert`'s CA and server certificate, the server on TLS with HSTS, the plain-HTTP
// port that only redirects (and hands out the CA), and /ca.crt serving the certificate and never a key.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import { promises as fs, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedirectServer } from '../../server/http/redirect-server';
import { HSTS_VALUE } from '../../server/http/hsts';
import { issueCertificates, tlsPaths } from '../../server/tls/local-ca';
import { makeTempDir, removeDirs, ROOT } from '../accounts/helpers';
import { startTestServer, type TestServer } from '../support/test-server';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A GET to 127.0.0.1:port as if to `host` (the name the certificate is for), trusting only `ca`. */
function get(scheme: 'http' | 'https', port: number, pathname: string, options: { host: string; ca?: string }) {
  return new Promise<Reply>((resolve, reject) => {
    const lib = scheme === 'https' ? https : http;
    const req = lib.get(
      {
        host: '127.0.0.1',
        port,
        path: pathname,
        headers: { host: `${options.host}:${port}` },
        ...(scheme === 'https' ? { servername: options.host, ca: options.ca, agent: false } : {}),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
  });
}

const dirs: string[] = [];
afterAll(() => removeDirs(dirs));

describe('npm run cert: a local CA and a server certificate', () => {
  it('signs a server certificate for every --host with a CA whose key is owner-only, and keeps the CA on a re-run', async () => {
    const dataDir = await makeTempDir('cert');
    dirs.push(dataDir);
    const first = issueCertificates(dataDir, ['dispatch.test', '192.168.1.10']);
    const paths = tlsPaths(dataDir);
    expect(first.caCreated).toBe(true);
    expect(statSync(paths.caKey).mode & 0o777).toBe(0o600);
    expect(statSync(paths.serverKey).mode & 0o777).toBe(0o600);
    expect(statSync(paths.dir).mode & 0o777).toBe(0o700);

    const ca = new crypto.X509Certificate(readFileSync(paths.caCert));
    const server = new crypto.X509Certificate(readFileSync(paths.serverCert));
    expect(ca.ca).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.checkHost('dispatch.test')).toBe('dispatch.test');
    expect(server.checkIP('192.168.1.10')).toBe('192.168.1.10');
    expect(server.checkHost('other.test')).toBeUndefined();

    const again = issueCertificates(dataDir, ['dispatch.test']);
    expect(again.caCreated).toBe(false);
    expect(again.caFingerprint).toBe(first.caFingerprint);
    const renewed = issueCertificates(dataDir, ['dispatch.test'], { newCa: true });
    expect(renewed.caFingerprint).not.toBe(first.caFingerprint);
  });

  it('refuses a --host that is neither a name nor an address', async () => {
    const dataDir = await makeTempDir('cert');
    dirs.push(dataDir);
    expect(() => issueCertificates(dataDir, ['bad host/'])).toThrow(/neither an IP address nor a host name/);
    expect(() => issueCertificates(dataDir, [])).toThrow(/--host/);
  });

  it('the CLI prints how to start on HTTPS and how to install the CA on Android and iOS', async () => {
    const dataDir = await makeTempDir('cert-cli');
    dirs.push(dataDir);
    const run = (args: string[]) =>
      new Promise<{ code: number; stdout: string }>((resolve) => {
        execFile(
          process.execPath,
          ['--import', 'tsx', path.join(ROOT, 'server/cert-cli.ts'), ...args],
          { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir } },
          (err, stdout) => resolve({ code: err && typeof err.code === 'number' ? err.code : err ? 1 : 0, stdout }),
        );
      });
    const ok = await run(['--host', '192.168.1.10', '--host', 'dispatch.test']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('TLS_CERT_FILE=');
    expect(ok.stdout).toContain('Android');
    expect(ok.stdout).toContain('Certificate Trust Settings');
    expect(ok.stdout).toContain('http://192.168.1.10:8080/ca');
    expect(ok.stdout).toContain(new crypto.X509Certificate(readFileSync(tlsPaths(dataDir).caCert)).fingerprint256);
    expect((await run([])).code).toBe(2);
  });
});

describe('the server on HTTPS', () => {
  let t: TestServer;
  let dataDir: string;
  let caPem: string;
  let redirect: http.Server;
  let redirectPort: number;

  beforeAll(async () => {
    dataDir = await makeTempDir('https');
    dirs.push(dataDir);
    issueCertificates(dataDir, ['dispatch.test']);
    const paths = tlsPaths(dataDir);
    caPem = await fs.readFile(paths.caCert, 'utf8');
    t = await startTestServer({
      dataDir,
      deps: { tls: { cert: await fs.readFile(paths.serverCert), key: await fs.readFile(paths.serverKey) } },
    });
    redirect = createRedirectServer({ dataDir, httpsPort: t.port });
    await new Promise<void>((resolve) => redirect.listen(0, '127.0.0.1', resolve));
    redirectPort = (redirect.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => redirect?.close(resolve));
    await t?.server.close();
  });

  it('answers over TLS with a certificate the CA vouches for, with HSTS', async () => {
    const reply = await get('https', t.port, '/healthz', { host: 'dispatch.test', ca: caPem });
    expect(reply.status).toBe(200);
    expect(reply.headers['strict-transport-security']).toBe(HSTS_VALUE);
    await expect(get('https', t.port, '/healthz', { host: 'dispatch.test' })).rejects.toThrow(/certificate/);
  });

  it('/ca.crt is the CA certificate and nothing else', async () => {
    const reply = await get('https', t.port, '/ca.crt', { host: 'dispatch.test', ca: caPem });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toContain('application/x-x509-ca-cert');
    expect(reply.body).toBe(caPem);
    expect(reply.body).not.toMatch(/PRIVATE KEY/);
    const page = await get('https', t.port, '/ca', { host: 'dispatch.test', ca: caPem });
    expect(page.body).toContain('href="/ca.crt"');
    expect(page.body).toContain(new crypto.X509Certificate(caPem).fingerprint256);
  });

  it('the plain-HTTP port only redirects to the same path on https, except the CA download', async () => {
    const reply = await get('http', redirectPort, '/officer?x=1', { host: 'dispatch.test' });
    expect(reply.status).toBe(301);
    expect(reply.headers.location).toBe(`https://dispatch.test:${t.port}/officer?x=1`);
    expect(reply.headers['strict-transport-security']).toBeUndefined();
    const api = await get('http', redirectPort, '/api/config', { host: 'dispatch.test' });
    expect(api.status).toBe(301);
    const ca = await get('http', redirectPort, '/ca.crt', { host: 'dispatch.test' });
    expect(ca.status).toBe(200);
    expect(ca.body).toBe(caPem);
    const bad = await get('http', redirectPort, '/', { host: 'evil.test/x"' });
    expect(bad.status).toBe(400);
  });
});

describe('the server on plain HTTP', () => {
  it('sends no HSTS and says there is no CA when none was made', async () => {
    const t = await startTestServer();
    try {
      const health = await fetch(`${t.url}/healthz`);
      expect(health.headers.get('strict-transport-security')).toBeNull();
      expect((await fetch(`${t.url}/ca.crt`)).status).toBe(404);
    } finally {
      await t.stop();
    }
  });
});
