import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Field encryption for identity data (AES-256-GCM) and blind indexes (HMAC-SHA-256) for exact look-up.
 * Two sub-keys are derived from PHAKHI_DATA_KEY with HKDF so the index never reveals the cipher key.
 * Ciphertext format: "v1:" + base64(iv ‖ tag ‖ ciphertext).
 */
export interface DataCipher {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
  encryptOpt(plain: string | null | undefined): string | null;
  decryptOpt(stored: string | null | undefined): string | null;
  blindIndex(kind: string, value: string): string;
}

export function parseDataKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new Error('PHAKHI_DATA_KEY must be 32 bytes, as 64 hex digits or base64');
  return key;
}

export function generateDataKey(): string {
  return randomBytes(32).toString('base64');
}

export function createDataCipher(masterKey: Buffer): DataCipher {
  const encKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'phakhi/field-encryption/v1', 32));
  const idxKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'phakhi/blind-index/v1', 32));
  const encrypt = (plain: string): string => {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', encKey, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return 'v1:' + Buffer.concat([iv, c.getAuthTag(), body]).toString('base64');
  };
  const decrypt = (stored: string): string => {
    if (!stored.startsWith('v1:')) throw new Error('unknown ciphertext version');
    const raw = Buffer.from(stored.slice(3), 'base64');
    const d = createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, 12));
    d.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
  };
  return {
    encrypt,
    decrypt,
    encryptOpt: (p) => (p === null || p === undefined || p === '' ? null : encrypt(p)),
    decryptOpt: (s) => (s ? decrypt(s) : null),
    blindIndex: (kind, value) => createHmac('sha256', idxKey).update(`${kind}\u0000${value}`).digest('base64url'),
  };
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
