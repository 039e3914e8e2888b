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

describe('data cipher for files', () => {
  const cipher = createDataCipher(parseDataKey(generateDataKey()));
  const file = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('สมชาย ใจดี', 'utf8'), Buffer.alloc(1000, 7)]);

  it('round-trips bytes and stores none of the plain file', () => {
    const stored = cipher.encryptBytes(file, 'att-1');
    expect(stored.includes(Buffer.from('%PDF-'))).toBe(false);
    expect(stored.includes(Buffer.from('สมชาย', 'utf8'))).toBe(false);
    expect(stored.length).toBe(file.length + 29);
    expect(cipher.decryptBytes(stored, 'att-1').equals(file)).toBe(true);
    expect(cipher.decryptBytes(cipher.encryptBytes(Buffer.alloc(0))).length).toBe(0);
  });

  it('uses a fresh IV each time', () => {
    expect(cipher.encryptBytes(file).equals(cipher.encryptBytes(file))).toBe(false);
  });

  it('refuses another context, a flipped bit, a truncated file, another key and an unknown version', () => {
    const stored = cipher.encryptBytes(file, 'att-1');
    expect(() => cipher.decryptBytes(stored, 'att-2')).toThrow();
    const flipped = Buffer.from(stored);
    flipped[flipped.length - 1] = flipped[flipped.length - 1]! ^ 1;
    expect(() => cipher.decryptBytes(flipped, 'att-1')).toThrow();
    expect(() => cipher.decryptBytes(stored.subarray(0, 20), 'att-1')).toThrow(/version/);
    expect(() => cipher.decryptBytes(stored.subarray(0, stored.length - 1), 'att-1')).toThrow();
    const other = createDataCipher(parseDataKey(generateDataKey()));
    expect(() => other.decryptBytes(stored, 'att-1')).toThrow();
    const v2 = Buffer.from(stored);
    v2[0] = 2;
    expect(() => cipher.decryptBytes(v2, 'att-1')).toThrow(/version/);
  });

  it('the text and the file formats share the key: the same secret decrypts both', () => {
    const key = generateDataKey();
    const a = createDataCipher(parseDataKey(key));
    const b = createDataCipher(parseDataKey(key));
    expect(b.decryptBytes(a.encryptBytes(file, 'x'), 'x').equals(file)).toBe(true);
    expect(b.decrypt(a.encrypt('x'))).toBe('x');
  });
});
