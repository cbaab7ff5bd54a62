// GET /metrics (Prometheus text format). With METRICS_TOKEN set, only a request with that bearer token is
// answered; without it, only callers on this machine (loopback, judged by the TCP peer, never by an
// X-Forwarded-For header). Behind a reverse proxy on the same machine every request comes from loopback:
// set METRICS_TOKEN there, or do not pass /metrics through the proxy (the README's examples do not).
import crypto from 'node:crypto';
import type { Request, Response } from 'express';
import type { ServerMetrics } from '../metrics';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function metricsHandler(metrics: ServerMetrics, token: string | undefined) {
  const expected = token === undefined ? null : crypto.createHash('sha256').update(token).digest();
  return (req: Request, res: Response) => {
    if (!allowed(req, expected)) {
      res
        .status(403)
        .type('text/plain')
        .send('metrics: set METRICS_TOKEN and send it as a bearer token, or scrape from this machine');
      return;
    }
    metrics.registry.metrics().then(
      (text) => {
        res.setHeader('Cache-Control', 'no-store');
        res.type(metrics.registry.contentType).send(text);
      },
      (error: unknown) =>
        res
          .status(500)
          .type('text/plain')
          .send(`metrics failed: ${String(error)}`),
    );
  };
}

function allowed(req: Request, expected: Buffer | null): boolean {
  if (expected === null) return LOOPBACK.has(req.socket.remoteAddress ?? '');
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('Bearer ')) return false;
  // Compared as hashes so the comparison takes the same time whatever the length sent.
  const given = crypto.createHash('sha256').update(header.slice(7).trim()).digest();
  return crypto.timingSafeEqual(given, expected);
}
