import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/client.js';
import { sha256Hex } from './crypto.js';
import { AppError, type ErrorCode } from './errors.js';

/**
 * Fixed-window counter in the database, so every server instance counts together. Keys are hashed:
 * the table holds no addresses in clear. Returns the seconds until the window reopens when over the limit.
 */
export async function hitRateLimit(db: Db, key: string, limit: number, windowSeconds: number): Promise<number | null> {
  const rows = rowsOf<{ count: number; retry: number }>(await db.execute(sql`
    INSERT INTO rate_limits (key, window_start, count) VALUES (${sha256Hex(key)}, now(), 1)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_limits.window_start < now() - make_interval(secs => ${windowSeconds}) THEN 1 ELSE rate_limits.count + 1 END,
      window_start = CASE WHEN rate_limits.window_start < now() - make_interval(secs => ${windowSeconds}) THEN now() ELSE rate_limits.window_start END
    RETURNING count, ceil(extract(epoch FROM (window_start + make_interval(secs => ${windowSeconds}) - now())))::int AS retry`));
  const r = rows[0]!;
  return r.count > limit ? Math.max(1, Number(r.retry)) : null;
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
