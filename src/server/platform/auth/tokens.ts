import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { apiTokens, apiTokenUses, organisations } from '../../db/schema/index.js';
import { randomToken, sha256Hex } from '../crypto.js';

/** Tokens look like `phk_<prefix>_<secret>`; the prefix identifies a token in lists without revealing it. */
export function newTokenSecret(): { token: string; prefix: string; hash: string } {
  const prefix = randomToken(6).replace(/[-_]/g, 'x').slice(0, 8);
  const token = `phk_${prefix}_${randomToken(32)}`;
  return { token, prefix, hash: sha256Hex(token) };
}

/** A token signs requests in until it is revoked or expires, and while its organisation is active. */
function liveToken(db: Db, which: SQL) {
  return db
    .select({
      id: apiTokens.id,
      organisationId: apiTokens.organisationId,
      permissions: apiTokens.permissions,
      provinceCode: organisations.provinceCode,
    })
    .from(apiTokens)
    .innerJoin(organisations, and(eq(organisations.id, apiTokens.organisationId), eq(organisations.active, true)))
    .where(and(which, isNull(apiTokens.revokedAt), sql`${apiTokens.expiresAt} > now()`))
    .limit(1);
}

export async function findLiveToken(db: Db, token: string) {
  return (await liveToken(db, eq(apiTokens.tokenHash, sha256Hex(token))))[0];
}

/** Whether a token could still sign a request in: a background job it started checks this before it runs. */
export async function isTokenLive(db: Db, tokenId: string): Promise<boolean> {
  return (await liveToken(db, eq(apiTokens.id, tokenId))).length > 0;
}

export async function recordTokenUse(
  db: Db,
  use: { tokenId: string; method: string; route: string; statusCode: number; requestId: string; ip: string | null },
): Promise<void> {
  // One statement, so one commit before the answer leaves rather than two.
  await db.execute(sql`
    WITH used AS (UPDATE ${apiTokens} SET last_used_at = now() WHERE id = ${use.tokenId})
    INSERT INTO ${apiTokenUses} (token_id, method, route, status_code, request_id, ip_address)
    VALUES (${use.tokenId}, ${use.method}, ${use.route}, ${use.statusCode}, ${use.requestId}, ${use.ip})`);
}
