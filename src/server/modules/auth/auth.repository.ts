import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { users, userRoles, organisations } from '../../db/schema/index.js';

export async function findUserForLogin(db: Db, username: string) {
  const rows = await db
    .select({
      id: users.id,
      username: users.username,
      passwordHash: users.passwordHash,
      organisationId: users.organisationId,
      active: users.active,
      orgActive: organisations.active,
      totpEnabledAt: users.totpEnabledAt,
      mustChangePassword: users.mustChangePassword,
    })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(sql`lower(${users.username}) = lower(${username})`)
    .limit(1);
  return rows[0];
}

export async function getUserSecrets(db: Db, userId: string) {
  const rows = await db
    .select({
      id: users.id,
      username: users.username,
      passwordHash: users.passwordHash,
      totpSecretEnc: users.totpSecretEnc,
      totpEnabledAt: users.totpEnabledAt,
      totpLastStep: users.totpLastStep,
      organisationId: users.organisationId,
    })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return rows[0];
}

export async function rolesOf(db: Db, userId: string): Promise<string[]> {
  const rows = await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId));
  return rows.map((r) => r.role).sort();
}

export async function setTotp(
  db: Db,
  userId: string,
  values: { totpSecretEnc?: string | null; totpEnabledAt?: Date | null; totpLastStep?: number | null },
): Promise<void> {
  await db.update(users).set({ ...values, updatedAt: sql`now()` }).where(eq(users.id, userId));
}

export async function setPassword(db: Db, userId: string, passwordHash: string, mustChange: boolean): Promise<void> {
  await db
    .update(users)
    .set({
      passwordHash,
      mustChangePassword: mustChange,
      passwordChangedAt: sql`now()`,
      updatedAt: sql`now()`,
      version: sql`${users.version} + 1`,
    })
    .where(eq(users.id, userId));
}
