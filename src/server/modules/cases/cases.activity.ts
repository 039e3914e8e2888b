import { eq, sql } from 'drizzle-orm';
import type { CasePart } from '../../../contracts/case.js';
import type { Db } from '../../db/client.js';
import { insertRows } from '../../db/bulk-insert.js';
import { caseActivity, cases } from '../../db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import { writeAuditMany, type AuditAction, type AuditContext } from '../../platform/audit.js';
import type { CaseRow } from './cases.access.js';

type Details = Record<string, string | number | boolean | null | string[]>;

/**
 * Every change to a case writes, in the caller's transaction, its audit entry and its timeline row
 * (the timeline is what the team reads; the audit log is what an inspector reads).
 */
export async function recordCaseChange(
  trx: Db, ctx: AuditContext, entry: CaseChange,
): Promise<void> {
  await recordCaseChanges(trx, ctx, [entry]);
}

export interface CaseChange { caseId: string; action: AuditAction; part: CasePart; details?: Details; targetType?: string; targetId?: string }

/** Many changes (a bulk import): audit entries and timeline lines, one statement each. */
export async function recordCaseChanges(trx: Db, ctx: AuditContext, entries: readonly CaseChange[]): Promise<void> {
  if (entries.length === 0) return;
  await writeAuditMany(trx, ctx, entries.map((entry) => {
    const details = entry.details ?? {};
    return {
      action: entry.action, targetType: entry.targetType ?? 'case', targetId: entry.targetId ?? entry.caseId,
      details: entry.targetType ? { caseId: entry.caseId, ...details } : details,
    };
  }));
  await insertRows(trx, caseActivity, entries.map((entry) => {
    const details = entry.details ?? {};
    return {
      caseId: entry.caseId,
      actorUserId: ctx.actor?.userId ?? null,
      actorOrganisationId: ctx.actor?.organisationId ?? null,
      kind: entry.action.replace(/^case\./, ''),
      part: entry.part,
      details: entry.targetId ? { id: entry.targetId, ...details } : details,
    };
  }));
}

/**
 * Bumps the case's version (optimistic concurrency: a stale version answers 409 with the current
 * state) and applies the change. Every write on a case or its parts goes through here, so two
 * officers acting on the same case at once cannot both win.
 */
export async function bumpCase(trx: Db, row: CaseRow, version: number | undefined, change: Partial<typeof cases.$inferInsert> = {}): Promise<CaseRow> {
  const expected = version ?? row.version;
  const [updated] = await trx.update(cases)
    .set({ ...change, version: sql`${cases.version} + 1`, updatedAt: new Date() })
    .where(sql`${eq(cases.id, row.id)} AND ${cases.version} = ${expected}`)
    .returning();
  if (!updated) {
    const [current] = await trx.select().from(cases).where(eq(cases.id, row.id));
    throw new AppError('STALE_VERSION', undefined, undefined, {
      current: current ? { id: current.id, version: current.version, stage: current.stage, status: current.status } : null,
    });
  }
  return updated;
}
