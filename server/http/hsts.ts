// Strict-Transport-Security on HTTPS responses only: over plain HTTP the header means nothing (and a
// browser ignores it), and sending it from a server that also answers plain HTTP would mislead.
// `req.secure` is true for our own TLS and, with "trust proxy" set, behind a TLS-terminating proxy.
import type { NextFunction, Request, Response } from 'express';

/** Half a year: long enough to protect, short enough to recover from a move off HTTPS. */
export const HSTS_VALUE = 'max-age=15552000';

export function hsts(req: Request, res: Response, next: NextFunction): void {
  if (req.secure) res.setHeader('Strict-Transport-Security', HSTS_VALUE);
  next();
}
