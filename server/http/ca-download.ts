// GET /ca.crt (the local CA's certificate, nothing else) and GET /ca (how to install it on a phone).
// Served on HTTPS and on the plain-HTTP redirect port too: a phone that does not trust the CA yet
// cannot open the HTTPS page without a warning, so it fetches the CA over plain HTTP first.
import crypto from 'node:crypto';
import fs from 'node:fs';
import express, { type Request, type Response } from 'express';
import { androidSteps, iosSteps, type GuideStep } from '../tls/install-guide';
import { sha256Fingerprint, tlsPaths } from '../tls/local-ca';

const NO_CA = 'Chưa có CA nội bộ (npm run cert) / no local CA on this server (npm run cert)';

export function caDownloadRouter(dataDir: string): express.Router {
  const router = express.Router();
  const file = tlsPaths(dataDir).caCert;
  // Read on each request: `npm run cert` may run while the server is up. Only the certificate file is
  // read; the key beside it is never opened here. A PEM that is not a certificate is not served.
  const readCa = (): string | null => {
    try {
      const pem = fs.readFileSync(file, 'utf8');
      new crypto.X509Certificate(pem);
      return pem.includes('PRIVATE KEY') ? null : pem;
    } catch {
      return null;
    }
  };

  router.get('/ca.crt', (_req: Request, res: Response) => {
    const pem = readCa();
    if (pem === null) {
      res.status(404).type('text/plain').send(NO_CA);
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Content-Disposition', 'attachment; filename="giap-ranh-ca.crt"');
    // The type Android and iOS open as "install a CA certificate".
    res.type('application/x-x509-ca-cert').send(pem);
  });

  router.get('/ca', (_req: Request, res: Response) => {
    const pem = readCa();
    res.setHeader('Cache-Control', 'no-cache');
    if (pem === null) {
      res.status(404).type('text/plain').send(NO_CA);
      return;
    }
    res.type('html').send(caPage(sha256Fingerprint(pem)));
  });
  return router;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function steps(list: GuideStep[]): string {
  return list.map((s) => `<li>${escapeHtml(s.vi)}<br><small lang="en">${escapeHtml(s.en)}</small></li>`).join('');
}

function caPage(fingerprint: string): string {
  const link = '/ca.crt';
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chứng chỉ máy chủ – Giáp Ranh</title>
<style>body{font:18px/1.5 system-ui,sans-serif;max-width:40rem;margin:1rem auto;padding:0 1rem}
a.btn{display:block;text-align:center;padding:1rem;background:#0b5;color:#fff;border-radius:.5rem;font-weight:700;text-decoration:none}
code{word-break:break-all}small{color:#555}</style></head>
<body><h1>Cài chứng chỉ máy chủ</h1>
<p>Cài một lần trên mỗi điện thoại để mở ứng dụng bằng HTTPS (cần cho GPS và dùng khi mất mạng).<br>
<small lang="en">Install once on each phone to open the app over HTTPS (needed for GPS and offline use).</small></p>
<p><a class="btn" href="${link}" download>Tải chứng chỉ CA / Download the CA certificate</a></p>
<h2>Android</h2><ol>${steps(androidSteps(link))}</ol>
<h2>iPhone / iPad</h2><ol>${steps(iosSteps(link))}</ol>
<p>SHA-256: <code>${escapeHtml(fingerprint)}</code></p>
</body></html>`;
}
