import { eq, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { TeamMember as TeamMemberSchema } from '../../../contracts/case.js';
import type { Db } from '../../db/client.js';
import { jsonRowReader } from '../../db/json-rows.js';
import { runPrepared } from '../../db/prepared.js';
import { caseEvents, casePersons, cases, organisations, persons, teamMemberships, users } from '../../db/schema/index.js';
import type { Actor } from '../../platform/access/actor.js';
import { scopeShape, scopeValuesOf } from '../../platform/access/scope.js';
import { AppError } from '../../platform/errors.js';
import { accessTo, fullScopeColumn, type CaseRow, type ScopedAccess } from './cases.access.js';

type TeamMember = z.infer<typeof TeamMemberSchema>;

const casePersonOf = jsonRowReader(casePersons);
/** The name grams serve the search only: a case view neither needs nor sends them. */
const personOf = jsonRowReader(persons, ['nameGrams']);
const eventOf = jsonRowReader(caseEvents);

/**
 * What a case's page shows beside the case row, as columns of one select from `cases` joined to its
 * responsible organisation: the organisation's names, the people (case person, person and the person's
 * events), and the team when `withTeam` holds. One round trip instead of four: each statement cost the
 * server a socket write, a protocol exchange and its row decoding, which were most of a case read's CPU
 * once its queries were prepared (bench/RESULTS.md, the cases benchmark). The caller narrows people and
 * events to what the actor may see (cases.service.ts assemble) before anything leaves.
 */
function viewColumns(withTeam: SQL) {
  // Spelled out: drizzle leaves a column unqualified when a select reads one table, and a bare "id" in
  // the subqueries would name their own tables' ids (the join happens to qualify it; this does not rely on it).
  const caseId = sql.raw('"cases"."id"');
  return {
    orgTh: organisations.nameTh,
    orgEn: organisations.nameEn,
    // Each person with its events: one index read per person, not a second pass over the case's people.
    people: sql<{ cp: Record<string, unknown>; p: Record<string, unknown>; events: Record<string, unknown>[] }[]>`(
      SELECT coalesce(json_agg(json_build_object('cp', to_json(cp), 'p', to_jsonb(p) - 'name_grams', 'events', (
               SELECT coalesce(json_agg(to_json(e) ORDER BY e.event_date, e.created_at), '[]'::json)
                 FROM ${caseEvents} e WHERE e.case_person_id = cp.id)) ORDER BY cp.created_at, cp.id), '[]'::json)
        FROM ${casePersons} cp JOIN ${persons} p ON p.id = cp.person_id
       WHERE cp.case_id = ${caseId})`,
    team: sql<TeamMember[] | null>`CASE WHEN ${withTeam} THEN (
      SELECT coalesce(json_agg(json_build_object(
               'userId', u.id, 'displayName', u.display_name, 'organisationId', o.id,
               'organisationNameTh', o.name_th, 'organisationNameEn', o.name_en, 'role', tm.role, 'addedAt', tm.added_at)
             ORDER BY tm.added_at), '[]'::json)
        FROM ${teamMemberships} tm JOIN ${users} u ON u.id = tm.user_id JOIN ${organisations} o ON o.id = u.organisation_id
       WHERE tm.record_type = 'case' AND tm.record_id = ${caseId}) END`,
  };
}

/** The view's columns as a row (the organisation through a left join: its names may be null). */
interface ViewColumns {
  orgTh: string | null;
  orgEn: string | null;
  people: { cp: Record<string, unknown>; p: Record<string, unknown>; events: Record<string, unknown>[] }[];
  team: TeamMember[] | null;
}
export type CaseView = ReturnType<typeof viewOf>;

function viewOf(found: ViewColumns) {
  return {
    organisationNameTh: found.orgTh ?? '',
    organisationNameEn: found.orgEn ?? '',
    people: found.people.map((x) => ({ cp: casePersonOf(x.cp), p: personOf(x.p), events: x.events.map(eventOf) })),
    // PostgreSQL's JSON spells a timestamp its own way; the API's is toISOString's.
    team: (found.team ?? []).map((m): TeamMember => ({ ...m, addedAt: new Date(m.addedAt).toISOString() })),
  };
}

/** The view of a case already loaded (after a change): the team only with full access. */
export async function readCaseView(db: Db, caseId: string, withTeam: boolean): Promise<CaseView> {
  const [found] = await runPrepared(db, 'case_view',
    (d) => d.select(viewColumns(sql`${sql.placeholder('withTeam')}::boolean`)).from(cases)
      .leftJoin(organisations, eq(organisations.id, cases.organisationId))
      .where(eq(cases.id, sql.placeholder('caseId'))),
    { caseId, withTeam });
  if (!found) throw new AppError('CASE_NOT_FOUND');
  return viewOf(found);
}

/**
 * loadCase (cases.access.ts) and readCaseView in one statement, for the read of one case: the case, the
 * actor's access to it and its view, 404 when out of scope. The team comes only when the scope covers
 * the whole case, decided by the same condition in the same statement.
 */
export async function loadCaseView(db: Db, actor: Actor, caseId: string): Promise<{ row: CaseRow; access: ScopedAccess; view: CaseView }> {
  const [found] = await runPrepared(db, `case_load_view_${scopeShape(actor)}`,
    (d) => {
      const full = fullScopeColumn(actor);
      return d.select({ row: cases, full, ...viewColumns(full) }).from(cases)
        .leftJoin(organisations, eq(organisations.id, cases.organisationId))
        .where(eq(cases.id, sql.placeholder('caseId'))).limit(1);
    },
    { caseId, ...scopeValuesOf(actor) });
  if (!found) throw new AppError('CASE_NOT_FOUND');
  const access = await accessTo(db, actor, found.row, Boolean(found.full));
  return { row: found.row, access, view: viewOf(found) };
}
