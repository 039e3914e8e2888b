import { and, desc, eq, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { msOf } from '../../platform/pagination.js';
import { apiTokens, apiTokenUses } from '../../db/schema/index.js';

export type TokenRow = typeof apiTokens.$inferSelect;

export async function listTokens(db: Db, f: { organisationId?: string | undefined; after?: { sortKey: string; id: string } | undefined; limit: number }) {
  const conds: (SQL | undefined)[] = [];
  if (f.organisationId) conds.push(eq(apiTokens.organisationId, f.organisationId));
  if (f.after) conds.push(sql`(${msOf(apiTokens.createdAt)}, ${apiTokens.id}) < (${f.after.sortKey}::timestamptz, ${f.after.id}::uuid)`);
  return db.select().from(apiTokens).where(and(...conds)).orderBy(desc(msOf(apiTokens.createdAt)), desc(apiTokens.id)).limit(f.limit + 1);
}

export async function findToken(db: Db, id: string) {
  const rows = await db.select().from(apiTokens).where(eq(apiTokens.id, id)).limit(1);
  return rows[0];
}

export async function insertToken(db: Db, values: typeof apiTokens.$inferInsert): Promise<TokenRow> {
  const [row] = await db.insert(apiTokens).values(values).returning();
  return row!;
}

export async function revokeToken(db: Db, id: string): Promise<TokenRow | undefined> {
  const [row] = await db.update(apiTokens).set({ revokedAt: sql`now()` })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt))).returning();
  return row;
}

export async function listUses(db: Db, tokenId: string, f: { after?: { sortKey: string; id: string } | undefined; limit: number }) {
  const after = f.after;
  return db.select().from(apiTokenUses)
    .where(and(eq(apiTokenUses.tokenId, tokenId), after ? or(lt(apiTokenUses.id, Number(after.id))) : undefined))
    .orderBy(desc(apiTokenUses.id)).limit(f.limit + 1);
}
