import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { notifications, userRoles, users } from '../../db/schema/index.js';

export const notificationKinds = [
  'referral_requested', 'referral_accepted', 'referral_declined', 'referral_revoked', 'transfer_requested', 'transfer_accepted',
  'transfer_declined', 'team_added', 'case_assigned', 'clock_due_soon', 'clock_overdue',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/**
 * Queues in-app notifications in the caller's transaction. A notification carries the case number and
 * id only, never the victim's identity; `dedupeKey` makes repeated reminders about one clock a no-op.
 */
export async function notifyUsers(
  trx: Db, userIds: readonly string[], n: { kind: NotificationKind; caseId: string; caseNumber: string; dedupeKey?: string },
): Promise<string[]> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return [];
  const rows = await trx.insert(notifications)
    .values(unique.map((userId) => ({ userId, kind: n.kind, caseId: n.caseId, caseNumber: n.caseNumber, dedupeKey: n.dedupeKey ?? null })))
    .onConflictDoNothing()
    .returning({ id: notifications.id });
  return rows.map((r) => r.id);
}

/** Active users of an organisation with one of the roles, to address notices meant for the organisation. */
export async function usersOfOrganisation(trx: Db, organisationId: string, roles: readonly string[]): Promise<string[]> {
  const rows = await trx.selectDistinct({ id: users.id }).from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(users.organisationId, organisationId), eq(users.active, true), inArray(userRoles.role, [...roles])));
  return rows.map((r) => r.id);
}
