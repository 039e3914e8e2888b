import { and, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { textArray, type Db } from '../../db/client.js';
import { organisations, userRoles, users } from '../../db/schema/index.js';

export type UserRow = typeof users.$inferSelect & { roles: string[] };

const roleAgg = sql<string[]>`coalesce((SELECT array_agg(r.role ORDER BY r.role) FROM ${userRoles} r WHERE r.user_id = ${users.id}), '{}')`;

/** Users joined to their organisation so record scope (organisation, province) applies. */
export async function listUsers(
  db: Db,
  f: { q?: string | undefined; organisationId?: string | undefined; after?: { sortKey: string; id: string } | undefined; limit: number },
  scope?: SQL,
): Promise<UserRow[]> {
  const conds: (SQL | undefined)[] = [scope];
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    conds.push(or(ilike(users.username, like), ilike(users.displayName, like)));
  }
  if (f.organisationId) conds.push(eq(users.organisationId, f.organisationId));
  if (f.after) conds.push(sql`(lower(${users.username}), ${users.id}) > (${f.after.sortKey}, ${f.after.id}::uuid)`);
  const rows = await db
    .select({ u: users, roles: roleAgg })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(...conds))
    .orderBy(sql`lower(${users.username})`, users.id)
    .limit(f.limit + 1);
  return rows.map((r) => ({ ...r.u, roles: textArray(r.roles) }));
}

export async function findUser(db: Db, id: string, scope?: SQL): Promise<UserRow | undefined> {
  const rows = await db
    .select({ u: users, roles: roleAgg })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(eq(users.id, id), scope))
    .limit(1);
  const r = rows[0];
  return r ? { ...r.u, roles: textArray(r.roles) } : undefined;
}

export async function usernameTaken(db: Db, username: string): Promise<boolean> {
  const rows = await db.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = lower(${username})`).limit(1);
  return rows.length > 0;
}

export async function insertUser(db: Db, values: typeof users.$inferInsert, roles: string[]): Promise<string> {
  const [row] = await db.insert(users).values(values).returning({ id: users.id });
  await db.insert(userRoles).values(roles.map((role) => ({ userId: row!.id, role })));
  return row!.id;
}

export async function updateUser(db: Db, id: string, version: number, values: Partial<typeof users.$inferInsert>): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ ...values, version: sql`${users.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(users.id, id), eq(users.version, version)))
    .returning({ id: users.id });
  return rows.length > 0;
}

export async function replaceRoles(db: Db, userId: string, roles: string[]): Promise<void> {
  await db.delete(userRoles).where(and(eq(userRoles.userId, userId), sql`NOT (${inArray(userRoles.role, roles)})`));
  await db.insert(userRoles).values(roles.map((role) => ({ userId, role }))).onConflictDoNothing();
}
