import { and, eq, exists, inArray, or, sql, type Column, type SQL } from 'drizzle-orm';
import { caseParts, type CaseAccess, type CasePart } from '../../../contracts/case.js';
import { rowsOf, type Db } from '../../db/client.js';
import { casePersons, cases, referrals, teamMemberships } from '../../db/schema/index.js';
import type { Actor } from '../../platform/access/actor.js';
import { scopeCondition, scopePlaceholders, scopeShape, scopeValuesOf, type ScopeValues } from '../../platform/access/scope.js';
import { runPrepared } from '../../db/prepared.js';
import { AppError } from '../../platform/errors.js';

export type CaseRow = typeof cases.$inferSelect;

/**
 * Who sees a case (issue 5, "Access"): its team, the responsible centre, its province's officers and
 * national roles see all of it (identity only with `case.identity.read`); an organisation that accepted
 * a referral sees the parts it was given of the victim the referral names (ScopedAccess), until the
 * referral is revoked; anyone else gets 404.
 */
/** Full access (team, responsible centre, province, national), without the referral branch. */
export const fullScope = (actor: Actor, values?: ScopeValues) =>
  scopeCondition(actor, {
    organisationId: cases.organisationId,
    provinceCode: cases.provinceCode,
    team: { recordType: 'case', recordId: cases.id },
  }, values);

/** Referrals that give the actor's organisation a view of a case: accepted, not withdrawn, not transfers. */
export const referralsToMe = (actor: Actor) =>
  and(eq(referrals.toOrganisationId, actor.organisationId), eq(referrals.status, 'accepted'), eq(referrals.kind, 'referral'))!;

const acceptedReferralToMe = (actor: Actor) =>
  exists(sql`(SELECT 1 FROM ${referrals} WHERE ${and(eq(referrals.caseId, cases.id), referralsToMe(actor))})`);

/** The list condition: every case the actor may see at all (the identity search narrows further: identitySearchScope). */
export function caseScopeCondition(actor: Actor): SQL | undefined {
  const full = fullScope(actor);
  if (full === undefined) return undefined;
  return or(full, acceptedReferralToMe(actor));
}

async function isTeamMember(db: Db, actor: Actor, caseId: string): Promise<boolean> {
  if (!actor.userId) return false;
  const rows = await runPrepared(db, 'case_team_member', (d) => d.select({ u: teamMemberships.userId }).from(teamMemberships)
    .where(and(eq(teamMemberships.recordType, 'case'), eq(teamMemberships.recordId, sql.placeholder('caseId')), eq(teamMemberships.userId, sql.placeholder('userId'))))
    .limit(1), { caseId, userId: actor.userId });
  return rows.length > 0;
}

/**
 * What the caller may do on a case, with the people it may see. `persons` is set for a referral
 * recipient only (undefined: full access, every person with `parts`): a referral names one victim and
 * rests on that victim's consent, so the recipient sees the victims its accepted referrals name, each
 * with the parts shared for that victim, and a named victim's guardians when a referral for the victim
 * shares `persons` (a child's consent is the guardian's). The case's other people do not exist for it (404).
 */
export interface ScopedAccess extends CaseAccess {
  persons?: ReadonlyMap<string, readonly CasePart[]>;
}

/** The access object as the API shows it (the per-person map stays on the server). */
export function publicAccess(a: ScopedAccess): CaseAccess {
  return { full: a.full, team: a.team, parts: a.parts, canWrite: a.canWrite, canReadIdentity: a.canReadIdentity };
}

/** The parts the caller sees of one case person; undefined when the person is outside its view. */
export function personParts(access: ScopedAccess, casePersonId: string): readonly CasePart[] | undefined {
  return access.persons ? access.persons.get(casePersonId) : access.parts;
}

/** A case person the caller addresses: outside its view the person is not in the case (404). Answers its parts. */
export function requirePerson(access: ScopedAccess, casePersonId: string, path?: string): readonly CasePart[] {
  const parts = personParts(access, casePersonId);
  if (!parts) throw new AppError('CASE_PERSON_NOT_FOUND', path ? [{ path, message: 'not a person of this case' }] : undefined);
  return parts;
}

/** Rows tied to a case person (`column`) that a list of `part` may show; undefined: no narrowing (full access). */
export function personCondition(access: ScopedAccess, part: CasePart, column: Column): SQL | undefined {
  if (!access.persons) return undefined;
  const ids = [...access.persons].filter(([, parts]) => parts.includes(part)).map(([id]) => id);
  return ids.length > 0 ? inArray(column, ids) : sql`false`;
}

/** The same access without the identity part, for answers that must not decrypt identity (it has its own audited read). */
export function withoutIdentity(access: ScopedAccess): ScopedAccess {
  const drop = (parts: readonly CasePart[]) => parts.filter((p) => p !== 'identity');
  return {
    ...access, parts: drop(access.parts), canReadIdentity: false,
    ...(access.persons ? { persons: new Map([...access.persons].map(([id, parts]) => [id, drop(parts)])) } : {}),
  };
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

/** The condition for full access as a column of a prepared statement (its values: `scopeValuesOf(actor)`). */
export const fullScopeColumn = (actor: Actor) => sql<boolean>`${fullScope(actor, scopePlaceholders) ?? sql`true`}`;

/** Loads a case with what the actor may do on it, or answers 404 (existence is not leaked). */
export async function loadCase(db: Db, actor: Actor, caseId: string): Promise<{ row: CaseRow; access: ScopedAccess }> {
  const [found] = await runPrepared(db, `case_load_${scopeShape(actor)}`,
    (d) => d.select({ row: cases, full: fullScopeColumn(actor) }).from(cases).where(eq(cases.id, sql.placeholder('caseId'))).limit(1),
    { caseId, ...scopeValuesOf(actor) });
  if (!found) throw new AppError('CASE_NOT_FOUND');
  return { row: found.row, access: await accessTo(db, actor, found.row, Boolean(found.full)) };
}

/** What the actor may do on a case it has found, given whether its scope covers the whole case; 404 when nothing is shared with it. */
export async function accessTo(db: Db, actor: Actor, row: CaseRow, full: boolean): Promise<ScopedAccess> {
  const caseId = row.id;
  if (full) {
    // "Team" = may see team-restricted notes: the team, the responsible centre and its province; not national readers.
    const team = actor.scope !== 'national' || (await isTeamMember(db, actor, caseId)) || row.organisationId === actor.organisationId;
    return accessOf(actor, true, team, []);
  }
  const shared = await db.select({ parts: referrals.sharedParts, casePersonId: referrals.casePersonId }).from(referrals)
    .where(and(eq(referrals.caseId, caseId), referralsToMe(actor)));
  if (shared.length === 0) throw new AppError('CASE_NOT_FOUND');
  const parts = new Set<CasePart>();
  for (const s of shared) for (const p of s.parts) parts.add(p as CasePart);
  const access = accessOf(actor, false, false, [...parts]);
  // Per victim named: the parts of the referrals naming it (a referral without a person names nobody).
  const byVictim = new Map<string, Set<CasePart>>();
  for (const s of shared) {
    if (!s.casePersonId) continue;
    const set = byVictim.get(s.casePersonId) ?? new Set<CasePart>(['summary']);
    for (const p of s.parts) set.add(p as CasePart);
    byVictim.set(s.casePersonId, set);
  }
  const guardians = byVictim.size === 0 ? [] : await db.select({ id: casePersons.id, ward: casePersons.guardianOf }).from(casePersons)
    .where(and(eq(casePersons.caseId, caseId), inArray(casePersons.guardianOf, [...byVictim.keys()])));
  // Narrowed through the case-level parts, so the identity permission rule of accessOf holds per person too.
  const narrow = (set: ReadonlySet<CasePart>) => access.parts.filter((p) => set.has(p));
  const persons = new Map<string, readonly CasePart[]>([...byVictim].map(([id, set]) => [id, narrow(set)]));
  for (const g of guardians) {
    const ward = g.ward ? byVictim.get(g.ward) : undefined;
    if (ward?.has('persons')) persons.set(g.id, narrow(ward));
  }
  return { ...access, persons };
}

/**
 * The identity search's condition on a row of `case_persons` (cases.service.ts joins them): full scope on
 * its case, or the same per-person rule as loadCase for a referral recipient, with `identity` shared for
 * that victim (for a guardian: for its ward, with `persons` too).
 */
export function identitySearchScope(actor: Actor): SQL | undefined {
  const full = fullScope(actor);
  if (full === undefined) return undefined;
  const naming = (victim: Column, part: CasePart) => referralNaming(actor, casePersons.caseId, victim, part);
  return or(
    full,
    naming(casePersons.id, 'identity'),
    and(naming(casePersons.guardianOf, 'persons'), naming(casePersons.guardianOf, 'identity')),
  );
}

/** An accepted referral to the actor names this victim of this case (sharing `part`, when given). */
function referralNaming(actor: Actor, caseId: Column | SQL, victim: Column | SQL, part?: CasePart): SQL {
  return exists(sql`(SELECT 1 FROM ${referrals} WHERE ${and(
    eq(referrals.caseId, caseId),
    eq(referrals.casePersonId, victim),
    referralsToMe(actor),
    part ? sql`${referrals.sharedParts} @> ARRAY[${part}]::text[]` : undefined,
  )})`);
}

/**
 * The victim records an actor counts in statistics, on a row joined to `cases` (caseId and casePersonId name
 * the row's columns): every victim of a case it sees whole; of a case it sees through accepted referrals, the
 * victims those referrals name, as loadCase shows them. Undefined for national actors.
 */
export function victimScope(actor: Actor, caseId: Column | SQL, casePersonId: Column | SQL): SQL | undefined {
  const full = fullScope(actor);
  if (full === undefined) return undefined;
  return or(full, referralNaming(actor, caseId, casePersonId));
}

/**
 * Ids of the cases an actor sees other than through its province: its organisation's, its case teams', and
 * those of referrals accepted by it — a superset, for reading a scope through indexes (the scope condition
 * still decides each row).
 */
export function casesBeyondProvince(actor: Actor): SQL {
  return sql`SELECT ${cases.id} FROM ${cases} WHERE ${cases.organisationId} = ${actor.organisationId}
    ${actor.userId ? sql`UNION SELECT ${teamMemberships.recordId} FROM ${teamMemberships}
      WHERE ${teamMemberships.recordType} = 'case' AND ${teamMemberships.userId} = ${actor.userId}` : sql``}
    UNION SELECT ${referrals.caseId} FROM ${referrals} WHERE ${referralsToMe(actor)}`;
}

/**
 * The provinces whose people the identity search looks up in the name index (person_name_lexemes): a
 * case's people are in its province, so these are the provinces of every case identitySearchScope can
 * reach — the actor's own province, and those of its organisation's cases, its case teams and the
 * referrals made to it; null for national actors (every province). Each route is read by index (the
 * organisation's provinces by a loose index scan), never by walking a province's cases.
 */
export async function identitySearchProvinces(db: Db, actor: Actor): Promise<string[] | null> {
  if (actor.scope === 'national') return null;
  const found = new Set<string>();
  if (actor.scope === 'province' && actor.provinceCode) found.add(actor.provinceCode);
  const rows = rowsOf<{ province_code: string | null }>(await db.execute(sql`
    WITH RECURSIVE org_provinces AS (
      (SELECT ${cases.provinceCode} AS p FROM ${cases} WHERE ${cases.organisationId} = ${actor.organisationId} ORDER BY 1 LIMIT 1)
      UNION ALL
      SELECT (SELECT ${cases.provinceCode} FROM ${cases} WHERE ${cases.organisationId} = ${actor.organisationId} AND ${cases.provinceCode} > o.p ORDER BY 1 LIMIT 1)
        FROM org_provinces o WHERE o.p IS NOT NULL
    )
    SELECT p AS province_code FROM org_provinces
    UNION
    SELECT ${cases.provinceCode} FROM ${teamMemberships} JOIN ${cases} ON ${cases.id} = ${teamMemberships.recordId}
     WHERE ${teamMemberships.userId} = ${actor.userId ?? sql`NULL`}::uuid AND ${teamMemberships.recordType} = 'case'
    UNION
    SELECT ${cases.provinceCode} FROM ${referrals} JOIN ${cases} ON ${cases.id} = ${referrals.caseId} WHERE ${referralsToMe(actor)}`));
  for (const r of rows) if (r.province_code) found.add(r.province_code.trim());
  return [...found].sort();
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
