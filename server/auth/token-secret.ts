// Where the token signing secret comes from: TOKEN_SECRET, or a random one generated once into
// DATA_DIR/token-secret (owner-only). A secret anyone could guess would let anyone forge a dispatcher token,
// so empty, short and well-known values are refused (demo mode only warns about short or known ones).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './atomic-write';

export const TOKEN_SECRET_FILE = 'token-secret';
export const MIN_SECRET_LENGTH = 32;

const KNOWN_SECRETS = new Set([
  'secret',
  'changeme',
  'change-me',
  'password',
  'demo',
  'test',
  'default',
  'token_secret',
  'tokensecret',
  'supersecret',
  'mysecret',
  'jwt-secret',
  'jwt_secret',
]);
/** Placeholder words seen in sample configs; a long secret containing one was still copied from an example. */
const PLACEHOLDER_PARTS = [
  'changeme',
  'change-me',
  'change_me',
  'change-this',
  'change_this',
  'replace-me',
  'replace_me',
  'replaceme',
  'example',
  'your-secret',
  'your_secret',
  'yoursecret',
  'placeholder',
  'demo',
  'insecure',
  'notsecret',
  'not-secret',
  'not_secret',
];

export class TokenSecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenSecretError';
  }
}

/** Why `secret` is unfit to sign tokens, or null when it is fine. */
export function weakSecretReason(secret: string): string | null {
  if (secret.trim() === '') return 'it is empty';
  const lower = secret.toLowerCase();
  if (KNOWN_SECRETS.has(lower)) return 'it is a well-known value';
  if (secret.length < MIN_SECRET_LENGTH) return `it is shorter than ${MIN_SECRET_LENGTH} characters`;
  const placeholder = PLACEHOLDER_PARTS.find((p) => lower.includes(p));
  if (placeholder) return `it looks like a placeholder (contains "${placeholder}")`;
  if (new Set(secret).size < 8) return 'it repeats too few different characters';
  return null;
}

export interface ResolvedSecret {
  secret: string;
  source: 'env' | 'file' | 'generated';
  /** Set when a weak secret was accepted (demo mode only). */
  warning?: string;
}

export function resolveTokenSecret(opts: {
  configured: string | undefined;
  dataDir: string;
  demo: boolean;
}): ResolvedSecret {
  if (opts.configured !== undefined) {
    const reason = weakSecretReason(opts.configured);
    if (!reason) return { secret: opts.configured, source: 'env' };
    // An empty value is a broken deployment even in demo mode: refuse it always.
    if (opts.demo && opts.configured.trim() !== '') {
      return { secret: opts.configured, source: 'env', warning: `TOKEN_SECRET is weak (${reason}); demo mode only` };
    }
    throw new TokenSecretError(
      `TOKEN_SECRET refused: ${reason}. Use at least ${MIN_SECRET_LENGTH} random characters ` +
        `(e.g. \`openssl rand -base64 48\`), or unset it to have one generated into ${path.join(opts.dataDir, TOKEN_SECRET_FILE)}.`,
    );
  }
  const file = path.join(opts.dataDir, TOKEN_SECRET_FILE);
  const existing = readSecretFile(file);
  if (existing !== null) return { secret: existing, source: 'file' };
  writeFileAtomic(file, `${crypto.randomBytes(48).toString('base64url')}\n`, 0o600);
  // Read back what is on disk: if two processes raced, both end up with the one that won the rename.
  const written = readSecretFile(file);
  if (written === null) throw new TokenSecretError(`token secret file ${file} vanished right after being written`);
  return { secret: written, source: 'generated' };
}

function readSecretFile(file: string): string | null {
  let content: string;
  try {
    content = fs.readFileSync(file, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new TokenSecretError(`token secret file ${file}: ${(err as Error).message}`);
  }
  // Only length is checked here: this file holds random bytes, which may by chance spell a placeholder word.
  const reason = content.length < MIN_SECRET_LENGTH ? `it is shorter than ${MIN_SECRET_LENGTH} characters` : null;
  if (reason)
    throw new TokenSecretError(`token secret file ${file} refused: ${reason}; delete it to generate a new one`);
  // Others must not read it: narrow the mode if someone widened it.
  if ((fs.statSync(file).mode & 0o077) !== 0) {
    fs.chmodSync(file, 0o600);
    console.warn(`token secret file ${file} was readable by others; its mode is now 0600`);
  }
  return content;
}
