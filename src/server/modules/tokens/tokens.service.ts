import { z } from 'zod';
import { canGrantToToken, type Permission } from '../../../contracts/access.js';
import type { ApiTokenCreate } from '../../../contracts/admin.js';
import type { Page } from '../../../contracts/common.js';
import type { AppDeps } from '../../deps.js';
import { writeAudit, type AuditContext } from '../../platform/audit.js';
import { newTokenSecret } from '../../platform/auth/tokens.js';
import type { Actor } from '../../platform/access/actor.js';
import { AppError } from '../../platform/errors.js';
import { decodeCursor, isoOrNull, pageOf } from '../../platform/pagination.js';
import { findOrganisation } from '../organisations/organisations.repository.js';
import * as repo from './tokens.repository.js';

function toToken(r: repo.TokenRow) {
  return {
    id: r.id,
    organisationId: r.organisationId,
    name: r.name,
    prefix: r.prefix,
    permissions: r.permissions as Permission[],
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    revokedAt: isoOrNull(r.revokedAt),
    lastUsedAt: isoOrNull(r.lastUsedAt),
  };
}

export function createTokenService({ database }: AppDeps) {
  const db = database.db;
  return {
    async list(q: Page & { organisationId?: string | undefined }) {
      const rows = await repo.listTokens(db, { organisationId: q.organisationId, after: decodeCursor(q.cursor), limit: q.limit });
      const page = pageOf(rows, q.limit, (r) => [r.createdAt.toISOString(), r.id]);
      return { items: page.items.map(toToken), nextCursor: page.nextCursor };
    },

    async create(actor: Actor, input: z.infer<typeof ApiTokenCreate>, ctx: AuditContext) {
      if (!(await findOrganisation(db, input.organisationId))) {
        throw new AppError('UNKNOWN_ORGANISATION', [{ path: 'organisationId', message: 'unknown organisation' }]);
      }
      const bad = input.permissions.filter((p) => !canGrantToToken(p, actor.permissions));
      if (bad.length) throw new AppError('PERMISSION_NOT_ALLOWED', bad.map((p) => ({ path: 'permissions', message: p })));
      const secret = newTokenSecret();
      return db.transaction(async (trx) => {
        const row = await repo.insertToken(trx, {
          organisationId: input.organisationId,
          name: input.name,
          tokenHash: secret.hash,
          prefix: secret.prefix,
          permissions: [...new Set(input.permissions)],
          createdBy: actor.userId,
          expiresAt: new Date(Date.now() + input.expiresInDays * 86_400_000),
        });
        await writeAudit(trx, ctx, {
          action: 'token.created', targetType: 'api_token', targetId: row.id,
          details: { organisationId: row.organisationId, permissions: row.permissions },
        });
        return { ...toToken(row), token: secret.token };
      });
    },

    async revoke(id: string, ctx: AuditContext) {
      return db.transaction(async (trx) => {
        const row = await repo.revokeToken(trx, id);
        if (!row) {
          const existing = await repo.findToken(trx, id);
          if (!existing) throw new AppError('TOKEN_NOT_FOUND');
          return toToken(existing);
        }
        await writeAudit(trx, ctx, { action: 'token.revoked', targetType: 'api_token', targetId: id });
        return toToken(row);
      });
    },

    async uses(id: string, q: Page) {
      if (!(await repo.findToken(db, id))) throw new AppError('TOKEN_NOT_FOUND');
      const rows = await repo.listUses(db, id, { after: decodeCursor(q.cursor), limit: q.limit });
      const page = pageOf(rows, q.limit, (r) => [String(r.id), String(r.id)]);
      return {
        items: page.items.map((u) => ({ at: u.at.toISOString(), method: u.method, route: u.route, statusCode: u.statusCode, requestId: u.requestId })),
        nextCursor: page.nextCursor,
      };
    },
  };
}
