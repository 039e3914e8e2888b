import { sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { rowsOf, type Db } from '../../db/client.js';

/** What the sender needs from a mail transport (nodemailer's, or a test's). */
export interface MailTransport {
  sendMail(message: { from: string; to: string; subject: string; text: string }): Promise<unknown>;
  close?(): void;
}

export function smtpTransport(url: string): MailTransport {
  return nodemailer.createTransport(url);
}

/** Attempts before a mail is left for an administrator to see in the outbox (with its last error). */
export const MAX_MAIL_ATTEMPTS = 10;

/**
 * Sends a batch of pending outbox mail. A row is claimed by counting the attempt first (so a second
 * server, or a crash mid-send, does not send it twice at once), then sent outside any transaction (an
 * SMTP conversation must not hold the database), then marked sent or given its error. Retries back off
 * from the mail's creation: attempt k waits until 2^k − 1 minutes after it was queued (~17 h for all 10).
 * The error kept is the SMTP code and status only: server messages can repeat the address.
 */
export async function sendPendingMail(db: Db, transport: MailTransport, opts: { from: string; batch?: number }): Promise<{ sent: number; failed: number }> {
  const claimed = rowsOf<{ id: string; to_address: string; subject: string; body: string }>(await db.execute(sql`
    UPDATE email_outbox SET attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM email_outbox
      WHERE sent_at IS NULL AND attempts < ${MAX_MAIL_ATTEMPTS}
        AND created_at <= now() - (power(2, attempts) - 1) * interval '1 minute'
      ORDER BY created_at LIMIT ${opts.batch ?? 50}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, to_address, subject, body`));
  let sent = 0;
  let failed = 0;
  for (const m of claimed) {
    try {
      await transport.sendMail({ from: opts.from, to: m.to_address, subject: m.subject, text: m.body });
      await db.execute(sql`UPDATE email_outbox SET sent_at = now(), last_error = NULL WHERE id = ${m.id}`);
      sent++;
    } catch (err) {
      const e = err as { code?: string; responseCode?: number };
      const reason = [e.code ?? 'ERROR', e.responseCode ? String(e.responseCode) : null].filter(Boolean).join(' ');
      await db.execute(sql`UPDATE email_outbox SET last_error = ${reason.slice(0, 200)} WHERE id = ${m.id}`);
      failed++;
    }
  }
  return { sent, failed };
}
