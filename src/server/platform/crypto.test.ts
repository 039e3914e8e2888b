import { describe, expect, it } from 'vitest';
import { createDataCipher, generateDataKey, parseDataKey } from './crypto.js';

describe('data cipher', () => {
  const cipher = createDataCipher(parseDataKey(generateDataKey()));

  it('round-trips Thai text and never stores the plain text', () => {
    const stored = cipher.encrypt('สมชาย ใจดี');
    expect(stored).not.toContain('สมชาย');
    expect(cipher.decrypt(stored)).toBe('สมชาย ใจดี');
  });

  it('uses a fresh IV each time but a stable blind index', () => {
    expect(cipher.encrypt('x')).not.toBe(cipher.encrypt('x'));
    expect(cipher.blindIndex('nid', '1234')).toBe(cipher.blindIndex('nid', '1234'));
    expect(cipher.blindIndex('nid', '1234')).not.toBe(cipher.blindIndex('phone', '1234'));
  });

  it('rejects tampered ciphertext', () => {
    const stored = cipher.encrypt('secret');
    const raw = Buffer.from(stored.slice(3), 'base64');
    raw[raw.length - 1] = raw[raw.length - 1]! ^ 1;
    expect(() => cipher.decrypt('v1:' + raw.toString('base64'))).toThrow();
  });

  it('another key cannot decrypt', () => {
    const other = createDataCipher(parseDataKey(generateDataKey()));
    expect(() => other.decrypt(cipher.encrypt('secret'))).toThrow();
  });

  it('refuses a short key', () => {
    expect(() => parseDataKey('abcd')).toThrow(/32 bytes/);
  });
});
