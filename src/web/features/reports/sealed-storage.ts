import { api } from '../../api/client.js';

/**
 * localStorage that holds only ciphertext: the offline report draft and outbox may contain a
 * reporter's contact details, and a shared or lost device must not give them away. The AES-256-GCM
 * key comes from the server (`GET /me/storage-key`, derived per user) and lives only in this page's
 * memory as a non-extractable CryptoKey: reading what was stored needs the user signed in again.
 * Without the key (fetched while online, kept while the tab lives) nothing is written, and the
 * caller keeps the value in memory.
 */
const keys = new Map<string, Promise<CryptoKey | null>>();

function b64(bytes: ArrayBuffer | Uint8Array): string {
  const a = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let s = '';
  for (const x of a) s += String.fromCharCode(x);
  return btoa(s);
}

function unb64(text: string): Uint8Array<ArrayBuffer> {
  const s = atob(text);
  const out = new Uint8Array(new ArrayBuffer(s.length));
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** The user's key; fetched once per page life. A failed fetch (offline) is retried on the next call. */
export function storageKey(userId: string): Promise<CryptoKey | null> {
  let p = keys.get(userId);
  if (!p) {
    p = (async () => {
      try {
        const { key } = await api<{ key: string }>('/api/v1/me/storage-key');
        return await crypto.subtle.importKey('raw', unb64(key), 'AES-GCM', false, ['encrypt', 'decrypt']);
      } catch {
        keys.delete(userId);
        return null;
      }
    })();
    keys.set(userId, p);
  }
  return p;
}

interface Sealed {
  v: 1;
  iv: string;
  ct: string;
}

/** Writes `value` encrypted; without a key, removes what was there (never writes clear text). Returns whether it was stored. */
export async function writeSealed(userId: string, name: string, value: unknown): Promise<boolean> {
  try {
    const key = await storageKey(userId);
    if (!key) {
      window.localStorage.removeItem(name);
      return false;
    }
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(name) }, key,
      new TextEncoder().encode(JSON.stringify(value)));
    const sealed: Sealed = { v: 1, iv: b64(iv), ct: b64(ct) };
    window.localStorage.setItem(name, JSON.stringify(sealed));
    return true;
  } catch {
    // Storage full or disabled: the caller still has the value in memory.
    return false;
  }
}

/**
 * Reads and decrypts; null when absent, unreadable (another key, tampered) or without a key. A value
 * stored in clear by an earlier version is returned once and stored again encrypted.
 */
export async function readSealed<T>(userId: string, name: string): Promise<T | null> {
  let raw: string | null;
  try {
    raw = window.localStorage.getItem(name);
  } catch {
    return null;
  }
  if (!raw) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  const sealed = parsed as Partial<Sealed>;
  if (sealed && sealed.v === 1 && typeof sealed.iv === 'string' && typeof sealed.ct === 'string') {
    const key = await storageKey(userId);
    if (!key) return null;
    try {
      const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: unb64(sealed.iv), additionalData: new TextEncoder().encode(name) }, key, unb64(sealed.ct));
      return JSON.parse(new TextDecoder().decode(plain)) as T;
    } catch {
      return null;
    }
  }
  await writeSealed(userId, name, parsed);
  return parsed as T;
}

export function removeStored(name: string): void {
  try {
    window.localStorage.removeItem(name);
  } catch {
    // nothing to remove
  }
}
