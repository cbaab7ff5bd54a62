// The seam between accounts (roster, passwords, tokens) and the rest of the server.
import type { Principal } from '../../shared/domain';
import type { Revocation } from './roster';

export type { Revocation };

export type VerifyResult = { ok: true; principal: Principal } | { ok: false; message: string };

export interface Authenticator {
  /** Checks a username and password against the roster; a signed token on success. */
  login(
    username: string,
    password: string,
  ): Promise<{ ok: true; token: string; expiresAt: number; principal: Principal } | { ok: false; message: string }>;
  /** Checks a token from the socket handshake: signature, expiry, and that the account is still enabled. */
  verify(token: string): VerifyResult;
  /**
   * When a token `verify` accepted expires (ms since epoch; read, not checked). A socket keeps it from its
   * handshake, so each packet compares a number instead of verifying the token again.
   */
  expiresAt(token: string): number;
  /**
   * Pushes every account whose tokens stop holding (disabled, password reset, removed) to `listener`, so
   * open sessions are ended by an event, not by polling; returns the unsubscribe function. An
   * authenticator without accounts (tests) may leave it out: it revokes nothing.
   */
  onRevoked?(listener: (revocation: Revocation) => void): () => void;
}
