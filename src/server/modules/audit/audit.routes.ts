import { and, desc, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AuditEntry, AuditQuery } from '../../../contracts/admin.js';
import { listOf } from '../../../contracts/common.js';
import type { AppDeps } from '../../deps.js';
import { auditLog, users } from '../../db/schema/index.js';
import { auditContext } from '../../platform/context.js';
import { writeAudit } from '../../platform/audit.js';
import { decodeCursor, pageOf } from '../../platform/pagination.js';

/** The audit viewer (administrators). Viewing the log is itself logged. */
export const auditRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { database }) => {
  const db = database.db;
  app.get('/audit', {
    config: { access: 'audit.read' },
    schema: { tags: ['audit'], summary: 'Audit log, newest first', querystring: AuditQuery, response: { 200: listOf(AuditEntry) } },
  }, async (req) => {
    const q = req.query;
    const conds: (SQL | undefined)[] = [];
    if (q.userId) conds.push(eq(auditLog.actorUserId, q.userId));
    if (q.action) conds.push(eq(auditLog.action, q.action));
    if (q.targetType) conds.push(eq(auditLog.targetType, q.targetType));
    if (q.targetId) conds.push(eq(auditLog.targetId, q.targetId));
    if (q.from) conds.push(gte(auditLog.at, new Date(q.from)));
    // A bare date as `to` means the whole of that day.
    if (q.to) conds.push(q.to.length === 10 ? lt(auditLog.at, sql`${q.to}::date + 1`) : lte(auditLog.at, new Date(q.to)));
    const after = decodeCursor(q.cursor);
    if (after) conds.push(lt(auditLog.id, Number(after.id)));
    const rows = await db
      .select({ a: auditLog, username: users.username })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorUserId))
      .where(and(...conds))
      .orderBy(desc(auditLog.id))
      .limit(q.limit + 1);
    await writeAudit(db, auditContext(req), {
      action: 'audit.viewed', details: { filters: Object.keys(q).filter((k) => !['limit', 'cursor'].includes(k)) },
    });
    const page = pageOf(rows, q.limit, (r) => [String(r.a.id), String(r.a.id)]);
    return {
      items: page.items.map(({ a, username }) => ({
        seq: a.seq,
        at: a.at.toISOString(),
        actorUserId: a.actorUserId,
        actorUsername: username,
        actorTokenId: a.actorTokenId,
        actorOrganisationId: a.actorOrganisationId,
        action: a.action,
        targetType: a.targetType,
        targetId: a.targetId,
        requestId: a.requestId,
        outcome: a.outcome,
        details: (a.details ?? {}) as Record<string, unknown>,
      })),
      nextCursor: page.nextCursor,
    };
  });
};
