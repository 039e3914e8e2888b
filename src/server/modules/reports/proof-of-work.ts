import { createHash, randomBytes } from 'node:crypto';
import type { DataCipher } from '../../platform/crypto.js';
import { safeEqual } from '../../platform/crypto.js';

/**
 * A proof-of-work challenge for the public report form: a script must spend CPU per report
 * (find a counter whose SHA-256 has `difficulty` leading zero bits), and a person takes longer
 * than MIN_AGE to fill in the form. The token is MACed with the installation's key, so it needs
 * no storage until it is used (then it is marked used once).
 */
export const DIFFICULTY = 16;
export const MIN_AGE_MS = 3_000;
export const MAX_AGE_MS = 2 * 60 * 60_000;

export function issueChallenge(cipher: DataCipher, difficulty = DIFFICULTY, now = Date.now()) {
  const body = Buffer.from(JSON.stringify({ n: randomBytes(12).toString('base64url'), t: now, d: difficulty })).toString('base64url');
  const token = `${body}.${cipher.blindIndex('report-challenge', body)}`;
  return { token, difficulty, expiresAt: new Date(now + MAX_AGE_MS).toISOString() };
}

export function leadingZeroBits(hash: Buffer): number {
  let bits = 0;
  for (const byte of hash) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

export function solve(token: string, difficulty: number): number {
  for (let counter = 0; ; counter++) {
    if (leadingZeroBits(createHash('sha256').update(`${token}:${counter}`).digest()) >= difficulty) return counter;
  }
}

export type ChallengeCheck = 'ok' | 'invalid' | 'too_fast';

export function checkChallenge(cipher: DataCipher, token: string, counter: number, now = Date.now()): ChallengeCheck {
  const [body, mac] = token.split('.');
  if (!body || !mac || !safeEqual(mac, cipher.blindIndex('report-challenge', body))) return 'invalid';
  let claims: { t?: unknown; d?: unknown };
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { t?: unknown; d?: unknown };
  } catch {
    return 'invalid';
  }
  if (typeof claims.t !== 'number' || typeof claims.d !== 'number') return 'invalid';
  if (now - claims.t > MAX_AGE_MS || claims.t > now + 60_000) return 'invalid';
  if (leadingZeroBits(createHash('sha256').update(`${token}:${counter}`).digest()) < claims.d) return 'invalid';
  if (now - claims.t < MIN_AGE_MS) return 'too_fast';
  return 'ok';
}
