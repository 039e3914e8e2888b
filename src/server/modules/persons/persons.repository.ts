import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { msOf } from '../../platform/pagination.js';
import { countries, persons } from '../../db/schema/index.js';

export type PersonRow = typeof persons.$inferSelect;

export async function insertPerson(db: Db, values: typeof persons.$inferInsert): Promise<PersonRow> {
  const [row] = await db.insert(persons).values(values).returning();
  return row!;
}

export async function findPerson(db: Db, id: string, scope: SQL | undefined): Promise<PersonRow | undefined> {
  const rows = await db.select().from(persons).where(and(eq(persons.id, id), scope)).limit(1);
  return rows[0];
}

export async function listPersons(db: Db, f: { after?: { sortKey: string; id: string } | undefined; limit: number }, scope: SQL | undefined) {
  const after = f.after;
  return db.select().from(persons)
    .where(and(scope, after ? sql`(${msOf(persons.createdAt)}, ${persons.id}) < (${after.sortKey}::timestamptz, ${after.id}::uuid)` : undefined))
    .orderBy(desc(msOf(persons.createdAt)), desc(persons.id))
    .limit(f.limit + 1);
}

export async function findByNationalIdIndex(db: Db, index: string, scope: SQL | undefined): Promise<PersonRow[]> {
  return db.select().from(persons).where(and(eq(persons.nationalIdIndex, index), scope)).limit(50);
}

export async function countryExists(db: Db, alpha3: string): Promise<boolean> {
  return (await db.select({ c: countries.alpha3 }).from(countries).where(eq(countries.alpha3, alpha3)).limit(1)).length > 0;
}
