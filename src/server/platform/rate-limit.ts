import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/client.js';
import { sha256Hex } from './crypto.js';
import { AppError, type ErrorCode } from './errors.js';

/**
 * Fixed-window counter in the database, so every server instance counts together. Keys are hashed:
 * the table holds no addresses in clear. Returns the seconds until the window reopens when over the limit.
 *
 * Only accepted attempts are counted: an attempt refused here leaves the row as it was (the upsert's
 * WHERE skips it), so a flood from a blocked address writes no row versions and the counter cannot
 * run past the limit. The window still closes `windowSeconds` after the first accepted attempt.
 */
export async function hitRateLimit(db: Db, key: string, limit: number, windowSeconds: number): Promise<number | null> {
  const hashed = sha256Hex(key);
  const expired = sql`rate_limits.window_start < now() - make_interval(secs => ${windowSeconds})`;
  const counted = rowsOf<{ count: number; retry: number }>(await db.execute(sql`
    INSERT INTO rate_limits (key, window_start, count) VALUES (${hashed}, now(), 1)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN ${expired} THEN 1 ELSE rate_limits.count + 1 END,
      window_start = CASE WHEN ${expired} THEN now() ELSE rate_limits.window_start END
    WHERE ${expired} OR rate_limits.count < ${limit}
    RETURNING count, ceil(extract(epoch FROM (window_start + make_interval(secs => ${windowSeconds}) - now())))::int AS retry`));
  const r = counted[0];
  if (r) return r.count > limit ? Math.max(1, Number(r.retry)) : null;
  // Refused without counting: the window that is full tells when it reopens.
  const full = rowsOf<{ retry: number }>(await db.execute(sql`
    SELECT ceil(extract(epoch FROM (window_start + make_interval(secs => ${windowSeconds}) - now())))::int AS retry
      FROM rate_limits WHERE key = ${hashed}`));
  return Math.max(1, Number(full[0]?.retry ?? 1));
}

export async function enforceRateLimit(db: Db, key: string, limit: number, windowSeconds: number, code: ErrorCode = 'RATE_LIMITED'): Promise<void> {
  const retry = await hitRateLimit(db, key, limit, windowSeconds);
  if (retry !== null) throw new AppError(code, undefined, { 'retry-after': String(retry) });
}

/** Marks a one-time value (e.g. a proof-of-work token) as used; false if it already was. */
export async function useOnce(db: Db, key: string): Promise<boolean> {
  const rows = rowsOf<{ key: string }>(await db.execute(sql`
    INSERT INTO rate_limits (key, window_start, count) VALUES (${sha256Hex('once:' + key)}, now(), 1)
    ON CONFLICT (key) DO NOTHING RETURNING key`));
  return rows.length > 0;
}
