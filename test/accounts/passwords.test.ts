import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT, hashPassword, needsRehash, verifyPassword } from '../../server/auth/passwords';

describe('password hashes', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('mật khẩu đúng');
    expect(await verifyPassword('mật khẩu đúng', hash)).toBe(true);
    expect(await verifyPassword('mật khẩu sai', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salts: the same password hashes differently each time, and both verify', async () => {
    const [a, b] = await Promise.all([hashPassword('same-password'), hashPassword('same-password')]);
    expect(a).not.toEqual(b);
    expect(await verifyPassword('same-password', a)).toBe(true);
    expect(await verifyPassword('same-password', b)).toBe(true);
  });

  it('stores the cost parameters in the hash, so raised parameters still verify old hashes', async () => {
    const cheap = await hashPassword('pw-123456', { N: 2 ** 12, r: 8, p: 1 });
    expect(cheap.startsWith('scrypt$4096$8$1$')).toBe(true);
    expect(await verifyPassword('pw-123456', cheap)).toBe(true);
    expect(needsRehash(cheap)).toBe(true);
    const current = await hashPassword('pw-123456');
    expect(current.startsWith(`scrypt$${DEFAULT_SCRYPT.N}$${DEFAULT_SCRYPT.r}$${DEFAULT_SCRYPT.p}$`)).toBe(true);
    expect(needsRehash(current)).toBe(false);
  });

  it('treats the same text in composed and decomposed Unicode as the same password', async () => {
    const composed = 'Kỳ Phú'.normalize('NFC');
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toEqual(composed);
    expect(await verifyPassword(decomposed, await hashPassword(composed))).toBe(true);
  });

  it('refuses hashes it cannot read instead of throwing', async () => {
    const hash = await hashPassword('pw-123456', { N: 2 ** 12, r: 8, p: 1 });
    for (const bad of [
      '',
      'plain-text',
      'bcrypt$x',
      hash.replace('$4096$', '$4095$'),
      hash.split('$').slice(0, 5).join('$'),
    ]) {
      expect(await verifyPassword('pw-123456', bad)).toBe(false);
    }
  });
});
