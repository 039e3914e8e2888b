import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/client.js';

/**
 * Removes what no longer protects anything: sessions ended more than 30 days ago (kept that long
 * for incident review beside the audit log), idempotency records past their 24 h promise, and
 * sign-in throttle entries whose window and lock have passed, and old rate-limit windows. The audit log is never purged.
 */
export async function purgeExpired(db: Db): Promise<{ sessions: number; idempotencyKeys: number; throttle: number; rateLimits: number }> {
  const n = async (q: ReturnType<typeof sql>) => rowsOf<{ n: number }>(await db.execute(q))[0]?.n ?? 0;
  const sessions = await n(sql`WITH d AS (DELETE FROM sessions
      WHERE coalesce(revoked_at, least(expires_at, last_seen_at + interval '30 minutes')) < now() - interval '30 days'
      RETURNING 1) SELECT count(*)::int AS n FROM d`);
  const idempotencyKeys = await n(sql`WITH d AS (DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours'
      RETURNING 1) SELECT count(*)::int AS n FROM d`);
  const throttle = await n(sql`WITH d AS (DELETE FROM login_throttle
      WHERE coalesce(locked_until, first_failure_at) < now() - interval '1 day' RETURNING 1) SELECT count(*)::int AS n FROM d`);
  // Rate-limit windows are at most an hour; used proof-of-work tokens expire after two.
  const rateLimits = await n(sql`WITH d AS (DELETE FROM rate_limits WHERE window_start < now() - interval '1 day'
      RETURNING 1) SELECT count(*)::int AS n FROM d`);
  return { sessions, idempotencyKeys, throttle, rateLimits };
}
