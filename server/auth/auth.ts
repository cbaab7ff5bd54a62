// The seam between accounts (roster, passwords, tokens) and the rest of the server.
import type { Principal } from '../../shared/domain';

export type VerifyResult = { ok: true; principal: Principal } | { ok: false; message: string };

export interface Authenticator {
  /** Checks a username and password against the roster; a signed token on success. */
  login(
    username: string,
    password: string,
  ): Promise<{ ok: true; token: string; expiresAt: number; principal: Principal } | { ok: false; message: string }>;
  /** Checks a token from the socket handshake: signature, expiry, and that the account is still enabled. */
  verify(token: string): VerifyResult;
}
