import { sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { caseStages } from '../../../contracts/case.js';
import { taskKinds, type Overview, type OverviewQuery, type Task, type TaskKind, type TaskQuery } from '../../../contracts/casework.js';
import { textArray } from '../../db/sql-arrays.js';
import type { AppDeps } from '../../deps.js';
import { rowsOf } from '../../db/client.js';
import type { Actor } from '../../platform/access/actor.js';
import { AppError } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import { caseScopeCondition } from './cases.access.js';
import { clockRows, clocks, listWindow, overviewWindow, referralsWaitingFor, soonInterval } from './clocks.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isoMs = (col: SQL) => sql`to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** "Due soon": before the deadline, within the clock's reminder window. */
function dueSoonExpr(): SQL {
  const branches = taskKinds.map((k) => sql`WHEN ${sql.raw(`'${k}'`)} THEN now() + ${soonInterval(clocks[k])}`);
  return sql`(items.due_at >= now() AND items.due_at <= CASE items.kind ${sql.join(branches, sql` `)} END)`;
}

function taskCursor(cursor: string | undefined): { due: string; kind: TaskKind; key: string } | undefined {
  const c = decodeCursor(cursor);
  if (!c) return undefined;
  const [kind, key] = c.id.split('~');
  const due = new Date(c.sortKey);
  if (Number.isNaN(due.getTime()) || !taskKinds.includes(kind as TaskKind) || !key || !UUID.test(key)) {
    throw new AppError('VALIDATION_FAILED', [{ path: 'cursor', message: 'invalid cursor' }]);
  }
  return { due: due.toISOString(), kind: kind as TaskKind, key };
}

interface TaskRow {
  case_id: string; case_number: string; kind: TaskKind; due: string; overdue: boolean; due_soon: boolean;
  case_person_id: string | null; target_id: string | null; item_key: string;
}

/**
 * "My tasks" and the provincial overview (issue 5), both over the clocks of clocks.ts.
 *
 * `mine` starts from the caller's team memberships (team_memberships_user_idx), so its cost follows
 * the caller's own case load, not the size of the database; each clock then looks its case's rows up
 * by case id (case_persons_case_person_key, follow_ups_case_idx, referrals_case_idx …). Referrals
 * waiting for the caller's organisation come from referrals_to_org_idx. `province` starts from
 * cases_stage_idx (province, stage).
 */
export function createTaskService({ database }: AppDeps) {
  const db = database.db;

  function caseSource(actor: Actor, scope: 'mine' | 'province'): SQL {
    const columns = sql`c.id, c.case_number, c.province_code, c.stage`;
    if (scope === 'province') {
      if (actor.scope !== 'province' || !actor.provinceCode) {
        throw new AppError('FORBIDDEN', [{ path: 'scope', message: 'the province view is for provincial roles' }]);
      }
      return sql`SELECT ${columns} FROM cases c WHERE c.province_code = ${actor.provinceCode} AND c.stage <> 'closed'`;
    }
    if (!actor.userId) return sql`SELECT ${columns} FROM cases c WHERE false`;
    return sql`SELECT ${columns} FROM team_memberships tm JOIN cases c ON c.id = tm.record_id
      WHERE tm.user_id = ${actor.userId} AND tm.record_type = 'case' AND c.stage <> 'closed'`;
  }

  return {
    async list(actor: Actor, q: z.infer<typeof TaskQuery>) {
      const after = taskCursor(q.cursor);
      const kinds = q.kind ? [q.kind] : [...taskKinds];
      const parts = clockRows(sql`sc`, kinds, listWindow);
      if (kinds.includes('referral_to_answer') && actor.permissions.has('referral.accept')) parts.push(referralsWaitingFor(actor.organisationId, sql`sc`));
      const rows = rowsOf<TaskRow>(await db.execute(sql`
        WITH sc AS MATERIALIZED (${caseSource(actor, q.scope)})
        SELECT items.case_id, items.case_number, items.kind, ${isoMs(sql`items.due_at`)} AS due,
          items.due_at < now() AS overdue, ${dueSoonExpr()} AS due_soon, items.case_person_id, items.target_id,
          coalesce(items.target_id, items.case_person_id, items.case_id)::text AS item_key
        FROM (${sql.join(parts, sql` UNION ALL `)}) items
        ${after ? sql`WHERE (date_trunc('milliseconds', items.due_at), items.kind, coalesce(items.target_id, items.case_person_id, items.case_id)::text)
          > (${after.due}::timestamptz, ${after.kind}::text, ${after.key}::text)` : sql``}
        ORDER BY date_trunc('milliseconds', items.due_at), items.kind, item_key
        LIMIT ${q.limit + 1}`));
      const items = rows.slice(0, q.limit);
      const last = items.at(-1);
      return {
        items: items.map((r): Task => ({
          caseId: r.case_id, caseNumber: r.case_number, kind: r.kind, dueAt: r.due, overdue: Boolean(r.overdue), dueSoon: Boolean(r.due_soon),
          casePersonId: r.case_person_id, targetId: r.target_id,
        })),
        nextCursor: rows.length > q.limit && last ? encodeCursor(last.due, `${last.kind}~${last.item_key}`) : null,
      };
    },

    /**
     * Open cases by stage and the clocks that are late or due soon, per province. A provincial role sees
     * its province; national roles every province (or one, with `provinceCode`); team and organisation
     * roles the cases in their own scope.
     */
    async overview(actor: Actor, q: z.infer<typeof OverviewQuery>): Promise<Overview> {
      let cond: SQL | undefined;
      let allProvinces = false;
      if (actor.scope === 'national') {
        allProvinces = true;
        if (q.provinceCode) cond = sql`cases.province_code = ${q.provinceCode}`;
      } else if (actor.scope === 'province' && actor.provinceCode) {
        if (q.provinceCode && q.provinceCode !== actor.provinceCode) {
          throw new AppError('FORBIDDEN', [{ path: 'provinceCode', message: 'the overview of another province is for national roles' }]);
        }
        allProvinces = true;
        cond = sql`cases.province_code = ${actor.provinceCode}`;
      } else {
        const scope = caseScopeCondition(actor);
        cond = sql`${scope ?? sql`true`}${q.provinceCode ? sql` AND cases.province_code = ${q.provinceCode}` : sql``}`;
      }
      // caseScopeCondition names the table "cases", so the source reads it without an alias.
      const sc = sql`SELECT cases.id, cases.case_number, cases.province_code, cases.stage FROM cases
        WHERE cases.stage <> 'closed'${cond ? sql` AND ${cond}` : sql``}`;
      const stages = rowsOf<{ province_code: string; stage: string; n: number }>(await db.execute(sql`
        WITH sc AS (${sc}) SELECT sc.province_code, sc.stage, count(*)::int AS n FROM sc GROUP BY 1, 2`));
      const parts = clockRows(sql`sc`, taskKinds, overviewWindow);
      const due = rowsOf<{ province_code: string; kind: TaskKind; overdue: number; soon: number }>(await db.execute(sql`
        WITH sc AS MATERIALIZED (${sc})
        SELECT items.province_code, items.kind, count(*) FILTER (WHERE items.due_at < now())::int AS overdue,
          count(*) FILTER (WHERE items.due_at >= now())::int AS soon
        FROM (${sql.join(parts, sql` UNION ALL `)}) items GROUP BY 1, 2`));
      const provinceRows = rowsOf<{ code: string; name_th: string; name_en: string }>(await db.execute(sql`
        SELECT code, name_th, name_en FROM provinces
        WHERE ${allProvinces
          ? (actor.scope === 'national' ? (q.provinceCode ? sql`code = ${q.provinceCode}` : sql`true`) : sql`code = ${actor.provinceCode}`)
          : sql`code = ANY(${textArray([...new Set([...stages, ...due].map((r) => r.province_code.trim()))])})`}
        ORDER BY code`));
      const zeros = () => Object.fromEntries(taskKinds.map((k) => [k, 0])) as Record<TaskKind, number>;
      const provinces = provinceRows.map((p) => {
        const code = p.code.trim();
        const byStage = Object.fromEntries(caseStages.map((s) => [s, 0])) as Record<(typeof caseStages)[number], number>;
        for (const r of stages) if (r.province_code.trim() === code) byStage[r.stage as keyof typeof byStage] = r.n;
        const overdue = zeros();
        const dueSoon = zeros();
        for (const r of due) {
          if (r.province_code.trim() !== code) continue;
          overdue[r.kind] = r.overdue;
          dueSoon[r.kind] = r.soon;
        }
        return {
          provinceCode: code, provinceNameTh: p.name_th, provinceNameEn: p.name_en,
          openCases: Object.values(byStage).reduce((a, b) => a + b, 0), byStage, overdue, dueSoon,
        };
      });
      return { asOf: new Date().toISOString(), provinces };
    },
  };
}
export type TaskService = ReturnType<typeof createTaskService>;
