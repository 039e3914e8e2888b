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
  /**
   * Files (case attachments): the same key, binary framing "\x01" ‖ iv ‖ tag ‖ ciphertext. `context`
   * (e.g. the record's id) is authenticated, so a ciphertext copied to another row fails to decrypt.
   */
  encryptBytes(plain: Buffer, context?: string): Buffer;
  decryptBytes(stored: Buffer, context?: string): Buffer;
  /**
   * A user's key for what the web app keeps in browser storage (the offline report draft and outbox):
   * derived, so nothing is stored, the same on every device and instance, and different per user.
   */
  browserStorageKey(userId: string): Buffer;
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

const BYTES_V1 = Buffer.from([1]);

export function createDataCipher(masterKey: Buffer): DataCipher {
  const encKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'phakhi/field-encryption/v1', 32));
  const idxKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'phakhi/blind-index/v1', 32));
  const browserKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'phakhi/browser-storage/v1', 32));
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
  const encryptBytes = (plain: Buffer, context = ''): Buffer => {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', encKey, iv);
    c.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([c.update(plain), c.final()]);
    return Buffer.concat([BYTES_V1, iv, c.getAuthTag(), body]);
  };
  const decryptBytes = (stored: Buffer, context = ''): Buffer => {
    if (stored.length < 29 || stored[0] !== BYTES_V1[0]) throw new Error('unknown ciphertext version');
    const d = createDecipheriv('aes-256-gcm', encKey, stored.subarray(1, 13));
    d.setAAD(Buffer.from(context, 'utf8'));
    d.setAuthTag(stored.subarray(13, 29));
    return Buffer.concat([d.update(stored.subarray(29)), d.final()]);
  };
  return {
    encrypt,
    decrypt,
    encryptBytes,
    decryptBytes,
    encryptOpt: (p) => (p === null || p === undefined || p === '' ? null : encrypt(p)),
    decryptOpt: (s) => (s ? decrypt(s) : null),
    browserStorageKey: (userId) => createHmac('sha256', browserKey).update(userId).digest(),
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
