import { and, eq, exists, inArray, or, sql, type SQL } from 'drizzle-orm';
import { caseParts, type CaseAccess, type CasePart } from '../../../contracts/case.js';
import type { Db } from '../../db/client.js';
import { cases, referrals, teamMemberships } from '../../db/schema/index.js';
import type { Actor } from '../../platform/access/actor.js';
import { scopeCondition } from '../../platform/access/scope.js';
import { AppError } from '../../platform/errors.js';

export type CaseRow = typeof cases.$inferSelect;

/**
 * Who sees a case (issue 5, "Access"): its team, the responsible centre, its province's officers and
 * national roles see all of it (identity only with `case.identity.read`); an organisation that accepted
 * a referral sees the parts it was given, until the referral is revoked; anyone else gets 404.
 */
/** Full access (team, responsible centre, province, national), without the referral branch. */
export const fullScope = (actor: Actor) =>
  scopeCondition(actor, {
    organisationId: cases.organisationId,
    provinceCode: cases.provinceCode,
    team: { recordType: 'case', recordId: cases.id },
  });

const acceptedReferralToMe = (actor: Actor) =>
  exists(
    sql`(SELECT 1 FROM ${referrals} WHERE ${and(
      eq(referrals.caseId, cases.id),
      eq(referrals.toOrganisationId, actor.organisationId),
      eq(referrals.status, 'accepted'),
      eq(referrals.kind, 'referral'),
    )})`,
  );

/** The list/search condition: every case the actor may see at all. */
export function caseScopeCondition(actor: Actor): SQL | undefined {
  const full = fullScope(actor);
  if (full === undefined) return undefined;
  return or(full, acceptedReferralToMe(actor));
}

async function isTeamMember(db: Db, actor: Actor, caseId: string): Promise<boolean> {
  if (!actor.userId) return false;
  const rows = await db.select({ u: teamMemberships.userId }).from(teamMemberships)
    .where(and(eq(teamMemberships.recordType, 'case'), eq(teamMemberships.recordId, caseId), eq(teamMemberships.userId, actor.userId)))
    .limit(1);
  return rows.length > 0;
}

export function accessOf(actor: Actor, full: boolean, team: boolean, sharedParts: readonly CasePart[]): CaseAccess {
  const parts = full ? [...caseParts] : caseParts.filter((p) => p === 'summary' || sharedParts.includes(p));
  const canReadIdentity = actor.permissions.has('case.identity.read') && parts.includes('identity');
  return {
    full,
    team,
    parts: canReadIdentity ? parts : parts.filter((p) => p !== 'identity'),
    canWrite: full && actor.permissions.has('case.write'),
    canReadIdentity,
  };
}

/** Loads a case with what the actor may do on it, or answers 404 (existence is not leaked). */
export async function loadCase(db: Db, actor: Actor, caseId: string, opts: { forUpdate?: boolean } = {}): Promise<{ row: CaseRow; access: CaseAccess }> {
  const q = db.select({ row: cases, full: sql<boolean>`${fullScope(actor) ?? sql`true`}` }).from(cases).where(eq(cases.id, caseId)).limit(1);
  const [found] = opts.forUpdate ? await q.for('update') : await q;
  if (!found) throw new AppError('CASE_NOT_FOUND');
  const full = Boolean(found.full);
  if (full) {
    // "Team" = may see team-restricted notes: the team, the responsible centre and its province; not national readers.
    const team = actor.scope !== 'national' || (await isTeamMember(db, actor, caseId)) || found.row.organisationId === actor.organisationId;
    return { row: found.row, access: accessOf(actor, true, team, []) };
  }
  const shared = await db.select({ parts: referrals.sharedParts }).from(referrals).where(and(
    eq(referrals.caseId, caseId), eq(referrals.toOrganisationId, actor.organisationId), eq(referrals.status, 'accepted'),
    eq(referrals.kind, 'referral'),
  ));
  if (shared.length === 0) throw new AppError('CASE_NOT_FOUND');
  const parts = new Set<CasePart>();
  for (const s of shared) for (const p of s.parts) parts.add(p as CasePart);
  return { row: found.row, access: accessOf(actor, false, false, [...parts]) };
}

/** Writes on the case itself (stages, people, team) need `case.write` and full access. */
export function requireWrite(access: CaseAccess): void {
  if (!access.canWrite) throw new AppError('FORBIDDEN');
}

export function requirePart(access: CaseAccess, part: CasePart): void {
  if (!access.parts.includes(part)) throw new AppError('FORBIDDEN');
}

export function requireOpen(row: CaseRow): void {
  if (row.stage === 'closed') throw new AppError('CASE_CLOSED');
}

/** Ids of the given cases the actor may see (for lists built from other tables: tasks, notifications). */
export async function casesInScope(db: Db, actor: Actor, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.select({ id: cases.id }).from(cases).where(and(inArray(cases.id, [...ids]), caseScopeCondition(actor)));
  return new Set(rows.map((r) => r.id));
}
