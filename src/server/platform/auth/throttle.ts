import { inArray, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../db/client.js';
import { loginThrottle } from '../../db/schema/index.js';
import { sha256Hex } from '../crypto.js';

export const MAX_FAILURES = 5;
export const LOCK_MINUTES = 15;

/** Keys are hashed: the throttle table holds no usernames or addresses in clear. */
export function throttleKeys(username: string, ip: string | null): string[] {
  const keys = [sha256Hex('u:' + username.trim().toLowerCase())];
  if (ip) keys.push(sha256Hex('ip:' + ip));
  return keys;
}

export async function isLocked(db: Db, keys: string[]): Promise<boolean> {
  const rows = await db
    .select({ key: loginThrottle.key })
    .from(loginThrottle)
    .where(sql`${inArray(loginThrottle.key, keys)} AND ${loginThrottle.lockedUntil} > now()`);
  return rows.length > 0;
}

/** Counts a failure; failures older than the lock window start over. Returns true if this failure locked a key. */
export async function recordFailure(db: Db, keys: string[]): Promise<boolean> {
  let locked = false;
  for (const key of keys) {
    const rows = await db.execute(sql`
      INSERT INTO login_throttle (key, failures, first_failure_at) VALUES (${key}, 1, now())
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN login_throttle.first_failure_at < now() - make_interval(mins => ${LOCK_MINUTES})
                        THEN 1 ELSE login_throttle.failures + 1 END,
        first_failure_at = CASE WHEN login_throttle.first_failure_at < now() - make_interval(mins => ${LOCK_MINUTES})
                        THEN now() ELSE login_throttle.first_failure_at END
      RETURNING failures`);
    const failures = Number(rowsOf<{ failures: number }>(rows)[0]?.failures ?? 0);
    if (failures >= MAX_FAILURES) {
      await db.execute(sql`UPDATE login_throttle SET locked_until = now() + make_interval(mins => ${LOCK_MINUTES}),
        failures = 0, first_failure_at = now() WHERE key = ${key}`);
      locked = true;
    }
  }
  return locked;
}

/** A successful sign-in clears the account's counter (not the address's: one good password must not reopen it for guessing others). */
export async function clearAccountFailures(db: Db, username: string): Promise<void> {
  await db.delete(loginThrottle).where(inArray(loginThrottle.key, [sha256Hex('u:' + username.trim().toLowerCase())]));
}
