import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/client.js';
import { runClockReminders } from '../modules/cases/clock-reminders.js';
import { refreshStatsFacts } from '../modules/stats/stats.facts.js';
import { sendPendingMail, smtpTransport, type MailTransport } from '../modules/notifications/mailer.js';

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

export interface HousekeepingLog {
  error(obj: object, msg: string): void;
}

/**
 * The server's background loop: hourly purge, the NRM clock reminders every five minutes (the
 * shortest reminder window, 4 h before the s.29 custody limit, needs no finer step), the statistics read
 * model every 30 seconds (so a dashboard rarely waits for what was written before it), — when
 * SMTP_URL is set — outbox mail every minute, and — on PGlite, which has no autovacuum — table
 * maintenance every ten minutes (db/maintenance.ts). Without SMTP_URL mail stays in the outbox for an
 * administrator (GET /api/v1/admin/outbox). Each task skips a tick while its last run is still going.
 * Errors are logged by type only: driver messages can echo values.
 */
export function startHousekeeping(
  db: Db, log: HousekeepingLog,
  opts: {
    smtpUrl?: string | undefined; mailFrom: string; transport?: MailTransport;
    tableMaintenance?: (() => Promise<unknown>) | undefined;
    intervalsMs?: { purge?: number; clocks?: number; mail?: number; tables?: number; stats?: number };
  },
): () => void {
  const transport = opts.transport ?? (opts.smtpUrl ? smtpTransport(opts.smtpUrl) : undefined);
  const every = (ms: number, name: string, task: () => Promise<unknown>) => {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      task().catch((err: Error) => log.error({ err: { type: err.name } }, `${name} failed`)).finally(() => { running = false; });
    }, ms);
    timer.unref();
    return timer;
  };
  const timers = [
    every(opts.intervalsMs?.purge ?? 60 * 60_000, 'housekeeping', () => purgeExpired(db)),
    every(opts.intervalsMs?.clocks ?? 5 * 60_000, 'clock reminders', () => runClockReminders(db)),
    every(opts.intervalsMs?.stats ?? 30_000, 'statistics refresh', () => refreshStatsFacts(db)),
    ...(transport ? [every(opts.intervalsMs?.mail ?? 60_000, 'mail', () => sendPendingMail(db, transport, { from: opts.mailFrom }))] : []),
    ...(opts.tableMaintenance ? [every(opts.intervalsMs?.tables ?? 10 * 60_000, 'table maintenance', opts.tableMaintenance)] : []),
  ];
  return () => {
    for (const t of timers) clearInterval(t);
    transport?.close?.();
  };
}
