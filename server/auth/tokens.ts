// Signed, expiring tokens: `v1.<payload>.<signature>`, the payload base64url JSON, the signature HMAC-SHA256
// over "v1.<payload>". Small enough to read in one sitting; no dependency needed for one algorithm.
import crypto from 'node:crypto';
import { z } from 'zod';
import { RoleSchema } from '../../shared/domain';

const VERSION = 'v1';

export const TokenPayloadSchema = z.object({
  /** The account (username). */
  sub: z.string().min(1),
  role: RoleSchema,
  scope: z.object({ commune: z.string().optional(), officerId: z.string().optional() }),
  /** Issued at, ms since epoch. */
  iat: z.number().int(),
  /** Expires at, ms since epoch. */
  exp: z.number().int(),
  /** Fingerprint of the password hash at issue: a password reset changes it and so revokes older tokens. */
  pv: z.string(),
});
export type TokenPayload = z.infer<typeof TokenPayloadSchema>;

export type TokenCheck = { ok: true; payload: TokenPayload } | { ok: false; message: string };

export function signToken(payload: TokenPayload, secret: string): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${VERSION}.${body}.${mac(`${VERSION}.${body}`, secret).toString('base64url')}`;
}

/** Checks shape, signature, then expiry against `now` (the signature first: nothing unsigned is trusted). */
export function checkToken(token: string, secret: string, now: number): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION || !parts[1] || !parts[2]) {
    return { ok: false, message: 'token malformed' };
  }
  const expected = mac(`${VERSION}.${parts[1]}`, secret);
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
    return { ok: false, message: 'token signature invalid' };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return { ok: false, message: 'token malformed' };
  }
  const parsed = TokenPayloadSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: 'token malformed' };
  if (parsed.data.exp <= now) return { ok: false, message: 'token expired' };
  return { ok: true, payload: parsed.data };
}

/** The `exp` of a token already checked (NaN when it has none): no signature check, for a verified token only. */
export function readTokenExpiry(token: string): number {
  try {
    const exp: unknown = (
      JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
        exp?: unknown;
      }
    ).exp;
    return typeof exp === 'number' ? exp : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** A short fingerprint of a password hash; reveals nothing usable (the hash itself is salted scrypt). */
export function passwordVersion(passwordHash: string, secret: string): string {
  return mac(`pv.${passwordHash}`, secret).subarray(0, 9).toString('base64url');
}

function mac(data: string, secret: string): Buffer {
  return crypto.createHmac('sha256', secret).update(data).digest();
}
