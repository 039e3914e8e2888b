import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { notificationKinds, type NotificationKind as Kind } from '../../../contracts/casework.js';
import type { Db } from '../../db/client.js';
import { emailOutbox, notifications, userRoles, users } from '../../db/schema/index.js';
import { notificationMail } from './mail-text.js';
import { mailSettings } from './mail-settings.js';

export { notificationKinds };
export type NotificationKind = Kind;

/**
 * Queues in-app notifications in the caller's transaction, and for each user with an e-mail address a
 * mail in the outbox (sent by the housekeeping loop when SMTP_URL is set). A notification carries the
 * case number and id only, never the victim's identity; `dedupeKey` makes repeated reminders about one
 * clock a no-op, mail included.
 */
export async function notifyUsers(
  trx: Db, userIds: readonly string[], n: { kind: NotificationKind; caseId: string; caseNumber: string; dedupeKey?: string },
): Promise<string[]> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return [];
  const rows = await trx.insert(notifications)
    .values(unique.map((userId) => ({ userId, kind: n.kind, caseId: n.caseId, caseNumber: n.caseNumber, dedupeKey: n.dedupeKey ?? null })))
    .onConflictDoNothing()
    .returning({ id: notifications.id, userId: notifications.userId });
  await queueMail(trx, rows.map((r) => ({ ...n, id: r.id, userId: r.userId })));
  return rows.map((r) => r.id);
}

/**
 * Queues the mail of newly created notifications (in the caller's transaction) for those of their users
 * who are active and have an address. Shared by notifyUsers and the bulk clock reminders.
 */
export async function queueMail(
  trx: Db, created: readonly { id: string; userId: string; kind: NotificationKind; caseId: string; caseNumber: string; dedupeKey?: string | null | undefined }[],
): Promise<number> {
  if (created.length === 0) return 0;
  const { publicUrl } = mailSettings();
  const byUser = new Map<string, string>();
  const userIds = [...new Set(created.map((c) => c.userId))];
  for (let i = 0; i < userIds.length; i += 1000) {
    const addresses = await trx.select({ id: users.id, email: users.email }).from(users)
      .where(and(inArray(users.id, userIds.slice(i, i + 1000)), eq(users.active, true), isNotNull(users.email)));
    for (const a of addresses) if (a.email && a.email.includes('@')) byUser.set(a.id, a.email);
  }
  const queued = created.filter((c) => byUser.has(c.userId)).map((c) => {
    const mail = notificationMail({ kind: c.kind, caseId: c.caseId, caseNumber: c.caseNumber, dedupeKey: c.dedupeKey ?? undefined }, publicUrl);
    return { toAddress: byUser.get(c.userId)!, subject: mail.subject, body: mail.body, notificationId: c.id };
  });
  for (let i = 0; i < queued.length; i += 500) await trx.insert(emailOutbox).values(queued.slice(i, i + 500));
  return queued.length;
}

/** Active users of an organisation with one of the roles, to address notices meant for the organisation. */
export async function usersOfOrganisation(trx: Db, organisationId: string, roles: readonly string[]): Promise<string[]> {
  const rows = await trx.selectDistinct({ id: users.id }).from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(users.organisationId, organisationId), eq(users.active, true), inArray(userRoles.role, [...roles])));
  return rows.map((r) => r.id);
}
