import { and, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { organisations, provinces } from '../../db/schema/index.js';

export type OrganisationRow = typeof organisations.$inferSelect;

export async function findOrganisation(db: Db, id: string, scope?: SQL): Promise<OrganisationRow | undefined> {
  const rows = await db.select().from(organisations).where(and(eq(organisations.id, id), scope)).limit(1);
  return rows[0];
}

export async function listOrganisations(
  db: Db,
  f: { q?: string | undefined; provinceCode?: string | undefined; after?: { sortKey: string; id: string } | undefined; limit: number },
  scope?: SQL,
): Promise<OrganisationRow[]> {
  const conds: (SQL | undefined)[] = [scope];
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    conds.push(or(ilike(organisations.nameTh, like), ilike(organisations.nameEn, like)));
  }
  if (f.provinceCode) conds.push(eq(organisations.provinceCode, f.provinceCode));
  if (f.after) conds.push(sql`(${organisations.nameTh}, ${organisations.id}) > (${f.after.sortKey}, ${f.after.id}::uuid)`);
  return db
    .select()
    .from(organisations)
    .where(and(...conds))
    .orderBy(organisations.nameTh, organisations.id)
    .limit(f.limit + 1);
}

export async function insertOrganisation(db: Db, values: typeof organisations.$inferInsert): Promise<OrganisationRow> {
  const [row] = await db.insert(organisations).values(values).returning();
  return row!;
}

/** Optimistic concurrency: the update applies only at the version the caller read. */
export async function updateOrganisation(
  db: Db,
  id: string,
  version: number,
  values: Partial<typeof organisations.$inferInsert>,
): Promise<OrganisationRow | undefined> {
  const [row] = await db
    .update(organisations)
    .set({ ...values, version: sql`${organisations.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(organisations.id, id), eq(organisations.version, version)))
    .returning();
  return row;
}

export async function provinceExists(db: Db, code: string): Promise<boolean> {
  const rows = await db.select({ code: provinces.code }).from(provinces).where(eq(provinces.code, code)).limit(1);
  return rows.length > 0;
}
