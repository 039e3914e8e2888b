import { asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ScreeningGroup, ScreeningIndicator, ScreeningIndicatorCreate, ScreeningIndicatorUpdate } from '../../../contracts/nrm.js';
import type { AppDeps } from '../../deps.js';
import { screeningIndicators } from '../../db/schema/index.js';
import { writeAudit, type AuditContext } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';

type Row = typeof screeningIndicators.$inferSelect;

const toIndicator = (r: Row): ScreeningIndicator => ({
  code: r.code, group: r.groupCode as ScreeningGroup, labelTh: r.labelTh, labelEn: r.labelEn, sortOrder: r.sortOrder, active: r.active,
});

/**
 * The screening checklist (ILO 11 + child and sexual-exploitation indicators, seeded by migration 0013)
 * is reference data: administrators add and reword items and retire them (never delete, because past
 * screenings keep their answers under the code).
 */
export function createScreeningIndicatorService({ database }: AppDeps) {
  const db = database.db;
  const ordered = [asc(screeningIndicators.sortOrder), asc(screeningIndicators.code)] as const;

  return {
    async list(opts: { includeInactive: boolean }): Promise<{ items: ScreeningIndicator[] }> {
      const rows = await db.select().from(screeningIndicators)
        .where(opts.includeInactive ? undefined : eq(screeningIndicators.active, true)).orderBy(...ordered);
      return { items: rows.map(toIndicator) };
    },

    async create(input: z.infer<typeof ScreeningIndicatorCreate>, ctx: AuditContext): Promise<ScreeningIndicator> {
      const group = input.code.slice(0, input.code.indexOf('.'));
      return db.transaction(async (trx) => {
        const [last] = await trx.select({ max: sql<number | null>`max(${screeningIndicators.sortOrder})::int` }).from(screeningIndicators)
          .where(eq(screeningIndicators.groupCode, group));
        const [row] = await trx.insert(screeningIndicators).values({
          code: input.code, groupCode: group, labelTh: input.labelTh, labelEn: input.labelEn,
          sortOrder: input.sortOrder ?? (last?.max ?? 0) + 10,
        }).onConflictDoNothing().returning();
        if (!row) throw new AppError('INDICATOR_EXISTS');
        await writeAudit(trx, ctx, { action: 'screening_indicator.created', targetType: 'screening_indicator', targetId: row.code, details: { group } });
        return toIndicator(row);
      });
    },

    async update(code: string, input: z.infer<typeof ScreeningIndicatorUpdate>, ctx: AuditContext): Promise<ScreeningIndicator> {
      return db.transaction(async (trx) => {
        const [row] = await trx.update(screeningIndicators).set(input).where(eq(screeningIndicators.code, code)).returning();
        if (!row) throw new AppError('NOT_FOUND');
        await writeAudit(trx, ctx, {
          action: 'screening_indicator.updated', targetType: 'screening_indicator', targetId: code, details: { fields: Object.keys(input), active: row.active },
        });
        return toIndicator(row);
      });
    },
  };
}
