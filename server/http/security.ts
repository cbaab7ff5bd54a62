// HTTP security in one place so others can extend it (HSTS and TLS come with the deployment work):
// helmet's headers with a CSP that still lets the map load its tiles, the Origin rule for the Socket.IO
// handshake, and who may see /healthz in detail.
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import type { Socket } from 'socket.io';
import { ErrorCode, type ConnectErrorData } from '../../shared/protocol';

/**
 * The origin a tile URL template loads from, as a CSP source: `https://{s}.tile.example.org/{z}/…`
 * becomes `https://*.tile.example.org`. Null for a relative template (served by this origin: 'self').
 */
export function tileSource(tileUrl: string): string | null {
  const match = /^(https?):\/\/([^/?#]+)/i.exec(tileUrl.trim());
  if (!match) return null;
  const host = (match[2] ?? '').replace(/\{[a-z]+\}/gi, '*');
  // A placeholder inside a label ("a{s}.host") cannot be a CSP wildcard: allow the parent domain's subdomains.
  const safeHost = /^\*\.|^[^*]+$/.test(host) ? host : `*.${host.split('.').slice(1).join('.')}`;
  return `${(match[1] ?? 'https').toLowerCase()}://${safeHost}`;
}

export function securityHeaders(options: { tileUrl: string }): RequestHandler {
  const tiles = tileSource(options.tileUrl);
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Leaflet and React set element styles at run time; a few of Leaflet's are inline attributes.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...(tiles ? [tiles] : [])],
        fontSrc: ["'self'", 'data:'],
        // 'self' covers the WebSocket to this origin (ws: / wss:).
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // Tile servers ask who is calling (OpenStreetMap's usage policy): send the origin, never the path.
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    // HTTP on a commune LAN must keep working until the deployment turns on TLS; HSTS belongs there.
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
  });
}

/** Origins allowed to open a socket besides the server's own (`ALLOWED_ORIGINS`, comma separated). */
export function parseAllowedOrigins(list: string): string[] {
  return list
    .split(',')
    .map((o) => o.trim().replace(/\/+$/, '').toLowerCase())
    .filter((o) => o !== '');
}

/**
 * Whether a handshake may proceed. A browser always sends Origin: it must be this server's own (the
 * Host it asked for) or listed. No Origin at all is a non-browser client (a script, the simulator),
 * which no web page can impersonate; it still needs a valid token.
 */
export function originAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const normalized = origin.trim().replace(/\/+$/, '').toLowerCase();
  if (allowed.includes(normalized)) return true;
  const host = req.headers.host?.toLowerCase();
  try {
    return host !== undefined && new URL(normalized).host === host;
  } catch {
    return false;
  }
}

/** Socket.IO middleware: a handshake from a page of another origin gets connect_error `origin_refused`. */
export function originGuard(allowed: readonly string[]) {
  return (socket: Socket, next: (err?: Error) => void): void => {
    if (originAllowed(socket.request, allowed)) return next();
    const origin = String(socket.request.headers.origin).slice(0, 200);
    console.warn(`socket: refused a handshake from origin ${origin} (${socket.handshake.address})`);
    const error = new Error(`origin ${origin} may not connect`) as Error & { data?: ConnectErrorData };
    error.data = {
      code: ErrorCode.OriginRefused,
      message: `pages from ${origin} may not connect to this server (ALLOWED_ORIGINS)`,
    };
    next(error);
  };
}

/**
 * /healthz detail (file paths, store errors) only for someone on this machine talking directly
 * (no proxy in between: a proxy on the same host would make everyone look local).
 */
export function isDirectLocal(req: IncomingMessage): boolean {
  if (req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined) return false;
  const address = req.socket.remoteAddress ?? '';
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

/** The bearer token of an `Authorization: Bearer …` header, if any. */
export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  const match = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
}
