import crypto from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TOKEN_SECRET_FILE, TokenSecretError, resolveTokenSecret } from '../../server/auth/token-secret';
import { makeTempDir, removeDirs } from './helpers';

const dirs: string[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await removeDirs(dirs);
});
async function dataDir(): Promise<string> {
  const dir = await makeTempDir('secret');
  dirs.push(dir);
  return dir;
}
const strong = () => crypto.randomBytes(36).toString('base64');

describe('token secret', () => {
  it('uses a strong TOKEN_SECRET as given and writes nothing', async () => {
    const dir = await dataDir();
    const secret = strong();
    expect(resolveTokenSecret({ configured: secret, dataDir: dir, demo: false })).toEqual({ secret, source: 'env' });
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['secret', /well-known/],
    ['changeme', /well-known/],
    ['short-but-random-Xq9', /shorter than 32/],
    ['please-changeme-before-production-2024!', /placeholder.*changeme/],
    ['your-secret-key-goes-here-0123456789abcdef', /placeholder/],
    ['abababababababababababababababababab', /too few different characters/],
  ])('refuses TOKEN_SECRET %j outside demo mode', async (value, reason) => {
    const dir = await dataDir();
    const attempt = () => resolveTokenSecret({ configured: value, dataDir: dir, demo: false });
    expect(attempt).toThrow(TokenSecretError);
    expect(attempt).toThrow(reason);
  });

  it('accepts a weak TOKEN_SECRET in demo mode with a warning, but never an empty one', async () => {
    const dir = await dataDir();
    const weak = resolveTokenSecret({ configured: 'secret', dataDir: dir, demo: true });
    expect(weak.secret).toBe('secret');
    expect(weak.warning).toMatch(/weak.*demo mode only/);
    expect(() => resolveTokenSecret({ configured: '', dataDir: dir, demo: true })).toThrow(/empty/);
  });

  it('without TOKEN_SECRET generates one into DATA_DIR readable by the owner only, then reuses it', async () => {
    const dir = await dataDir();
    const first = resolveTokenSecret({ configured: undefined, dataDir: dir, demo: false });
    expect(first.source).toBe('generated');
    expect(first.secret.length).toBeGreaterThanOrEqual(32);
    const file = path.join(dir, TOKEN_SECRET_FILE);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    const second = resolveTokenSecret({ configured: undefined, dataDir: dir, demo: false });
    expect(second).toEqual({ secret: first.secret, source: 'file' });
  });

  it('narrows a secret file that others could read back to 0600', async () => {
    const dir = await dataDir();
    const file = path.join(dir, TOKEN_SECRET_FILE);
    const secret = strong();
    await fs.writeFile(file, `${secret}\n`, { mode: 0o644 });
    await fs.chmod(file, 0o644);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(resolveTokenSecret({ configured: undefined, dataDir: dir, demo: false })).toEqual({
      secret,
      source: 'file',
    });
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('readable by others'));
  });

  it('refuses a secret file that was truncated', async () => {
    const dir = await dataDir();
    await fs.writeFile(path.join(dir, TOKEN_SECRET_FILE), 'abc\n', { mode: 0o600 });
    expect(() => resolveTokenSecret({ configured: undefined, dataDir: dir, demo: false })).toThrow(
      /token secret file .* refused: it is shorter than 32 characters; delete it/,
    );
  });
});
