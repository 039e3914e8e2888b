import { describe, expect, it } from 'vitest';
import { hashPassword, isWeakPassword, verifyPassword } from './password.js';

describe('passwords', () => {
  it('hashes with argon2id and verifies', async () => {
    const h = await hashPassword('correct horse battery staple');
    expect(h.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(h, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(h, 'wrong horse battery staple')).toBe(false);
  });

  it('refuses common passwords, also dressed up', () => {
    expect(isWeakPassword('password1234')).toBe(true);
    expect(isWeakPassword('Password2024!')).toBe(true);
    expect(isWeakPassword('qwertyuiop12')).toBe(true);
    expect(isWeakPassword('aaaaaaaaaaaaaa')).toBe(true);
    expect(isWeakPassword('somchai.admin-99', 'somchai.admin')).toBe(true);
  });

  it('accepts a passphrase', () => {
    expect(isWeakPassword('ช้างเผือกกินหญ้าริมน้ำ')).toBe(false);
    expect(isWeakPassword('tamarind-kite-river-42')).toBe(false);
  });
});
