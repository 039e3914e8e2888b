import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { apiTokens, apiTokenUses, organisations } from '../../db/schema/index.js';
import { randomToken, sha256Hex } from '../crypto.js';

/** Tokens look like `phk_<prefix>_<secret>`; the prefix identifies a token in lists without revealing it. */
export function newTokenSecret(): { token: string; prefix: string; hash: string } {
  const prefix = randomToken(6).replace(/[-_]/g, 'x').slice(0, 8);
  const token = `phk_${prefix}_${randomToken(32)}`;
  return { token, prefix, hash: sha256Hex(token) };
}

export async function findLiveToken(db: Db, token: string) {
  const rows = await db
    .select({
      id: apiTokens.id,
      organisationId: apiTokens.organisationId,
      permissions: apiTokens.permissions,
      provinceCode: organisations.provinceCode,
    })
    .from(apiTokens)
    .innerJoin(organisations, and(eq(organisations.id, apiTokens.organisationId), eq(organisations.active, true)))
    .where(and(eq(apiTokens.tokenHash, sha256Hex(token)), isNull(apiTokens.revokedAt), sql`${apiTokens.expiresAt} > now()`))
    .limit(1);
  return rows[0];
}

export async function recordTokenUse(
  db: Db,
  use: { tokenId: string; method: string; route: string; statusCode: number; requestId: string; ip: string | null },
): Promise<void> {
  await db.insert(apiTokenUses).values({ ...use, ipAddress: use.ip });
  await db.update(apiTokens).set({ lastUsedAt: sql`now()` }).where(eq(apiTokens.id, use.tokenId));
}
