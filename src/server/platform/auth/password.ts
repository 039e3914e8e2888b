import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from '../errors.js';

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
// algorithm 2 = Argon2id (the package's const enum cannot be imported under isolatedModules).
const options = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (plain: string): Promise<string> => hash(plain, options);
export const verifyPassword = (stored: string, plain: string): Promise<boolean> =>
  verify(stored, plain).catch(() => false);

/** A hash to verify against when the username is unknown, so timing does not reveal which names exist. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword('phakhi-decoy-password-never-valid');
  return decoy;
}

const common: ReadonlySet<string> = new Set(
  (dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()),
);

/**
 * NIST 800-63B: length ≥ 12 (checked by the contract) and not a known common password.
 * Also refuses a common password dressed up with digits or symbols ("password2024!"),
 * one character repeated, or the username itself.
 */
export function isWeakPassword(password: string, username?: string): boolean {
  const lower = password.toLowerCase();
  if (common.has(lower)) return true;
  // Unicode classes: without them Thai letters count as "non-word" and a Thai passphrase would be stripped away.
  const core = lower.replace(/^[\p{N}\p{P}\p{S}\s]+|[\p{N}\p{P}\p{S}\s]+$/gu, '');
  if (core.length < 4 || common.has(core)) return true;
  if (new Set(lower).size <= 3) return true;
  if (username && lower.includes(username.toLowerCase())) return true;
  if (/^(0123456789|1234567890|qwertyuiop|abcdefghijkl)/.test(lower)) return true;
  return false;
}

export function assertStrongPassword(password: string, username?: string): void {
  if (isWeakPassword(password, username)) throw new AppError('WEAK_PASSWORD', [{ path: 'password', message: 'too common' }]);
}
