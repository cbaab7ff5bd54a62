// The plain-HTTP port beside HTTPS: every request is sent to the same path on https, except the CA
// download (a phone fetches it before it trusts the HTTPS certificate). No app, no API, no socket here.
import http from 'node:http';
import express, { type Request, type Response } from 'express';
import { hostProblem } from '../tls/local-ca';
import { caDownloadRouter } from './ca-download';

export function createRedirectServer(options: { dataDir: string; httpsPort: number }): http.Server {
  const app = express();
  app.disable('x-powered-by');
  app.use(caDownloadRouter(options.dataDir));
  app.use((req: Request, res: Response) => {
    const hostname = hostnameOf(req.headers.host);
    if (hostname === null) {
      res.status(400).type('text/plain').send('bad Host header');
      return;
    }
    const port = options.httpsPort === 443 ? '' : `:${options.httpsPort}`;
    res.redirect(301, `https://${hostname}${port}${req.originalUrl}`);
  });
  return http.createServer(app);
}

/** The host name of a Host header (without its port), or null when it is not a plain name or address. */
export function hostnameOf(host: string | undefined): string | null {
  if (host === undefined) return null;
  const bracketed = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/i.exec(host);
  if (bracketed?.[1]) return hostProblem(bracketed[1]) === null ? `[${bracketed[1]}]` : null;
  const name = host.replace(/:\d{1,5}$/, '');
  return hostProblem(name) === null ? name : null;
}
