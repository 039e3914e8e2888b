import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Notification, NotificationQuery, OutboxQuery } from '../../../contracts/casework.js';
import type { AppDeps } from '../../deps.js';
import { emailOutbox, notifications } from '../../db/schema/index.js';
import type { Actor } from '../../platform/access/actor.js';
import { writeAudit, type AuditContext } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { decodeCursor, isoOrNull, msOf, pageOf } from '../../platform/pagination.js';
import { clockOfKey } from './mail-text.js';
import { mailSettings } from './mail-settings.js';

type Row = typeof notifications.$inferSelect;

function toNotification(r: Row): Notification {
  return {
    id: r.id, kind: r.kind as Notification['kind'], caseId: r.caseId, caseNumber: r.caseNumber,
    link: r.caseId ? `/cases/${r.caseId}` : null, clock: clockOfKey(r.dedupeKey), read: r.readAt !== null,
    readAt: isoOrNull(r.readAt), createdAt: r.createdAt.toISOString(),
  };
}

/**
 * The bell (issue 5): each user reads and marks only their own notifications; someone else's answers
 * 404. Partner-system tokens have no inbox. Notifications name a case number, never a person, so
 * reading them is not an audited identity read; the outbox is, being everyone's mail.
 */
export function createNotificationService({ database }: AppDeps) {
  const db = database.db;
  const me = (actor: Actor) => actor.userId;

  return {
    async list(actor: Actor, q: z.infer<typeof NotificationQuery>) {
      const userId = me(actor);
      if (!userId) return { items: [], nextCursor: null };
      const after = decodeCursor(q.cursor);
      const rows = await db.select().from(notifications).where(and(
        eq(notifications.userId, userId),
        q.unread === true ? isNull(notifications.readAt) : q.unread === false ? sql`${notifications.readAt} IS NOT NULL` : undefined,
        after ? sql`(${msOf(notifications.createdAt)}, ${notifications.id}) < (${after.sortKey}::timestamptz, ${after.id}::uuid)` : undefined,
      )).orderBy(desc(msOf(notifications.createdAt)), desc(notifications.id)).limit(q.limit + 1);
      const page = pageOf(rows, q.limit, (r) => [r.createdAt.toISOString(), r.id]);
      return { items: page.items.map(toNotification), nextCursor: page.nextCursor };
    },

    async unreadCount(actor: Actor) {
      const userId = me(actor);
      if (!userId) return { count: 0 };
      const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(notifications)
        .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
      return { count: Number(r?.n ?? 0) };
    },

    async markRead(actor: Actor, id: string): Promise<Notification> {
      const userId = me(actor);
      if (!userId) throw new AppError('NOTIFICATION_NOT_FOUND');
      const [r] = await db.update(notifications).set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
        .where(and(eq(notifications.id, id), eq(notifications.userId, userId))).returning();
      if (!r) throw new AppError('NOTIFICATION_NOT_FOUND');
      return toNotification(r);
    },

    async markAllRead(actor: Actor) {
      const userId = me(actor);
      if (!userId) return { ok: true as const, count: 0 };
      const rows = await db.update(notifications).set({ readAt: sql`now()` })
        .where(and(eq(notifications.userId, userId), isNull(notifications.readAt))).returning({ id: notifications.id });
      return { ok: true as const, count: rows.length };
    },

    async outbox(q: z.infer<typeof OutboxQuery>, ctx: AuditContext) {
      const after = decodeCursor(q.cursor);
      const rows = await db.select().from(emailOutbox).where(and(
        q.pending === true ? isNull(emailOutbox.sentAt) : q.pending === false ? sql`${emailOutbox.sentAt} IS NOT NULL` : undefined,
        after ? sql`(${msOf(emailOutbox.createdAt)}, ${emailOutbox.id}) < (${after.sortKey}::timestamptz, ${after.id}::uuid)` : undefined,
      )).orderBy(desc(msOf(emailOutbox.createdAt)), desc(emailOutbox.id)).limit(q.limit + 1);
      const page = pageOf(rows, q.limit, (r) => [r.createdAt.toISOString(), r.id]);
      await writeAudit(db, ctx, { action: 'notification.outbox_viewed', targetType: 'email_outbox', details: { count: page.items.length } });
      return {
        items: page.items.map((r) => ({
          id: r.id, toAddress: r.toAddress, subject: r.subject, body: r.body, notificationId: r.notificationId, attempts: r.attempts,
          lastError: r.lastError, sentAt: isoOrNull(r.sentAt), createdAt: r.createdAt.toISOString(),
        })),
        nextCursor: page.nextCursor,
        smtpConfigured: mailSettings().smtpUrl !== undefined,
      };
    },
  };
}
